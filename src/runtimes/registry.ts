import { ReproError } from '../errors.js';
import type { SpawnFn } from '../run/spawn-options.js';
import type { RunRequest } from '../trajectory/run-request.js';
import { reproduceCommand } from '../run/reproduce-command.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { chromiumRuntime } from './chromium/chromium-runtime.js';
import { kerasRuntime } from './keras/keras-runtime.js';
import { nodeRuntime } from './node/node-runtime.js';
import type { Runtime, ScenarioIdentity } from '../run/runtime.js';
import { DEFAULT_RUNTIME, type RuntimeName } from '../trajectory/runtime-name.js';

export type { Runtime } from '../run/runtime.js';
export {
  DEFAULT_RUNTIME,
  RUNTIME_NAMES,
  isRuntimeName,
  runtimeFilePrefix,
  runtimeFlag,
  runtimeIn,
  runtimePrefix,
  type RuntimeName,
} from '../trajectory/runtime-name.js';
export type { SpawnFn } from '../run/spawn-options.js';

/** Every runtime, by name. A new runtime is a folder beside these three, one entry here and its profile's in runtime-profiles.ts. */
export const RUNTIMES: Readonly<Record<RuntimeName, Runtime>> = { node: nodeRuntime, chromium: chromiumRuntime, keras: kerasRuntime };

export function runtimeNamed(name: RuntimeName): Runtime {
  return RUNTIMES[name];
}

export { RUNTIME_BACKENDS } from './runtime-profiles.js';

/**
 * The backends a runtime runs out of the ones asked for. With nothing left, the list as asked,
 * so that the absence is reported rather than hidden.
 */
export function backendsOf(runtime: RuntimeName, asked: readonly BackendName[]): BackendName[] {
  const own = asked.filter((backend) => RUNTIMES[runtime].backends.includes(backend));
  return own.length > 0 ? own : [...asked];
}

/**
 * Why a backend cannot be used here in that runtime, or undefined when it can: the machine's
 * reason (not installed, not set up) first, then, given a scenario, the runtime's (it cannot build it).
 */
export function unavailableReason(backend: BackendName, runtime: RuntimeName = DEFAULT_RUNTIME, scenario?: ScenarioIdentity): string | undefined {
  const own = RUNTIMES[runtime];
  return own.unavailableReason(backend) ?? (scenario === undefined ? undefined : own.scenarioUnavailableReason(scenario));
}

/** Why a runtime cannot run a scenario at all (the keras runtime builds the seed experiment only), or undefined. */
export function scenarioUnavailableIn(runtime: RuntimeName, scenario: ScenarioIdentity): string | undefined {
  return RUNTIMES[runtime].scenarioUnavailableReason(scenario);
}

export function assertBackendAvailable(backend: BackendName, runtime: RuntimeName = DEFAULT_RUNTIME): void {
  const reason = RUNTIMES[runtime].unavailableReason(backend);
  if (reason !== undefined) throw backendUnavailable(backend, runtime, reason);
}

/** The error of a backend asked for that cannot run here (exit 4), with why. */
export function backendUnavailable(backend: BackendName, runtime: RuntimeName, reason: string, details: readonly string[] = []): ReproError {
  return new ReproError('backend-unavailable', `--backend ${backend}${runtimeParenthesis(runtime)}: ${reason}`, { details });
}

/**
 * What stops one run before anything starts, asked once by whoever starts it (`run`, the API): the
 * machine's reason (backend-unavailable), then the runtime's for the scenario (usage).
 */
export function assertRunnable(request: RunRequest, runtime: RuntimeName = DEFAULT_RUNTIME): void {
  const details = [`reproduce: ${reproduceCommand(request, runtime)}`];
  const machine = RUNTIMES[runtime].unavailableReason(request.backend);
  if (machine !== undefined) throw backendUnavailable(request.backend, runtime, machine, details);
  const reason = RUNTIMES[runtime].scenarioUnavailableReason(request.scenario);
  if (reason !== undefined) throw new ReproError('usage', `--runtime ${runtime}: ${reason}`, { details });
}

function runtimeParenthesis(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : ` (--runtime ${runtime})`;
}

/** Every run goes through its runtime's spawner, loaded (with playwright-core or the Python bridge) when the first run needs it. */
export function spawnFor(runtime: RuntimeName): SpawnFn {
  let loaded: Promise<SpawnFn> | undefined;
  return async (request, options) => (await (loaded ??= RUNTIMES[runtime].loadSpawner()))(request, options);
}

/** What one run is expected to cost (the one cost model: a check's pool and the sweep's sharder). */
export function runCost(runtime: RuntimeName, backend: BackendName, samples: number, epochs: number): number {
  const { cost } = RUNTIMES[runtime];
  return cost.startUp + samples * epochs * (cost.perSampleEpoch[backend] ?? 1);
}
