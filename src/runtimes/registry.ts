import os from 'node:os';
import { ReproError } from '../errors.js';
import { claimsFor, type Claim } from '../invariants/claims.js';
import type { EnvVariation, VariationSet } from '../invariants/env-variations.js';
import { ENV_VARIATIONS } from '../invariants/env-variations.js';
import type { ThreadVariation } from '../invariants/thread-variations.js';
import type { RunPairing } from '../invariants/run-pairing.js';
import type { SpawnFn } from '../run/spawn-options.js';
import type { RunRequest } from '../trajectory/run-request.js';
import { reproduceCommand } from './shared/reproduce-command.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { chromiumRuntime } from './chromium/chromium-runtime.js';
import { kerasRuntime } from './keras/keras-runtime.js';
import { nodeRuntime } from './node/node-runtime.js';
import type { Runtime, RunReplay, ScenarioIdentity } from './shared/runtime.js';
import { BACKEND_NAMES, DEFAULT_RUNTIME, RUNTIME_NAMES } from './runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';

export type { Runtime, RunReplay } from './shared/runtime.js';
export {
  BACKEND_NAMES,
  DEFAULT_BACKEND,
  DEFAULT_RUNTIME,
  RUNTIME_BACKENDS,
  RUNTIME_NAMES,
  isBackendName,
  isRuntimeName,
  runtimeFilePrefix,
  runtimeFlag,
  runtimeIn,
  runtimePrefix,
} from './runtime-profiles.js';
export type { RuntimeName } from '../trajectory/runtime-name.js';
export { reproduceCommand } from './shared/reproduce-command.js';
export { TFJS_BACKEND_PACKAGES } from './shared/tfjs-backends.js';
export type { SpawnFn } from '../run/spawn-options.js';

/** Every runtime, by name. A new runtime is a folder beside these three, one entry here and its profile's in runtime-profiles.ts. */
export const RUNTIMES: Readonly<Record<RuntimeName, Runtime>> = Object.fromEntries(
  [nodeRuntime, chromiumRuntime, kerasRuntime].map((runtime) => [runtime.name, runtime]),
);

/** The runtime of that name; a name no runtime registers is a programming error here (user input is validated against RUNTIME_NAMES first). */
export function runtimeNamed(name: RuntimeName): Runtime {
  const runtime = RUNTIMES[name];
  if (runtime === undefined) throw new ReproError('internal', `no runtime is named ${JSON.stringify(name)}; runtimes: ${RUNTIME_NAMES.join(', ')}`);
  return runtime;
}

/**
 * The backends a runtime runs out of the ones asked for. With nothing left, the list as asked,
 * so that the absence is reported rather than hidden.
 */
export function backendsOf(runtime: RuntimeName, asked: readonly BackendName[]): BackendName[] {
  const own = asked.filter((backend) => runtimeNamed(runtime).backends.includes(backend));
  return own.length > 0 ? own : [...asked];
}

/**
 * Why a backend cannot be used here in that runtime, or undefined when it can: a backend the
 * runtime does not have (and where it runs), the machine's reason (not installed, not set up),
 * then, given a scenario, the runtime's (it cannot build it).
 */
export function unavailableReason(backend: BackendName, runtime: RuntimeName = DEFAULT_RUNTIME, scenario?: ScenarioIdentity): string | undefined {
  const own = runtimeNamed(runtime);
  return elsewhereReason(backend, runtime) ?? own.unavailableReason(backend) ?? (scenario === undefined ? undefined : own.scenarioUnavailableReason(scenario));
}

/** `the webgl backend does not run in node; it runs in chromium: run it with --runtime chromium.`, from the runtimes' backend lists. */
function elsewhereReason(backend: BackendName, runtime: RuntimeName): string | undefined {
  if (runtimeNamed(runtime).backends.includes(backend)) return undefined;
  const owners = RUNTIME_NAMES.filter((name) => runtimeNamed(name).backends.includes(backend));
  if (owners.length === 0) return `no runtime has a backend named ${backend}; backends: ${BACKEND_NAMES.join(', ')}.`;
  return `the ${backend} backend does not run in ${runtime}; it runs in ${owners.join(' and ')}: run it with --runtime ${owners[0]}.`;
}

/** The thread knobs a runtime's backend has (threads-invariance varies them), at the machine's cores unless told. */
export function threadVariationsOf(runtime: RuntimeName, backend: BackendName, cores = os.availableParallelism()): readonly ThreadVariation[] {
  return runtimeNamed(runtime).threadVariations(backend, cores);
}

/** The variations behind each set, in a runtime's backend: applied together in the varied run, and one by one to name a culprit. */
export function variationsOf(set: VariationSet, runtime: RuntimeName, backend: BackendName): readonly EnvVariation[] {
  return set === 'varied' ? ENV_VARIATIONS : threadVariationsOf(runtime, backend);
}

/** The claims that apply to a scenario on a runtime's backend (threads-invariance where it has thread knobs). */
export function claimsIn(runtime: RuntimeName, backend: BackendName, stateful: boolean): readonly Claim[] {
  return claimsFor(stateful, { threads: threadVariationsOf(runtime, backend, 1).length > 0, mathRandom: runtimeNamed(runtime).capabilities.seedsMathRandom });
}

/** The runtime that trains a runtime's base runs again from their start (keras, node's), and how. */
export function replayerOf(source: RuntimeName): { readonly runtime: RuntimeName; readonly replay: RunReplay } | undefined {
  const runtime = RUNTIME_NAMES.find((name) => runtimeNamed(name).capabilities.replays?.of === source);
  return runtime === undefined ? undefined : { runtime, replay: runtimeNamed(runtime).capabilities.replays! };
}

/**
 * The backends a claim applies to, where it needs a knob only some backends have
 * (threads-invariance: a thread pool), in the registry's order; undefined: every backend.
 */
export function backendsOfClaim(claim: Claim): readonly BackendName[] | undefined {
  if (claim.runs[1].environment !== 'threads') return undefined;
  const all = RUNTIME_NAMES.flatMap((runtime) => runtimeNamed(runtime).backends.filter((backend) => threadVariationsOf(runtime, backend, 1).length > 0));
  return [...new Set(all)];
}

/**
 * A runtime's backends whose numbers do not depend on the machine's CPU (JS and wasm; not native
 * kernels): what goldens and the float64 comparison take by default, since they hold everywhere.
 */
export function portableBackendsOf(runtime: RuntimeName): readonly BackendName[] {
  const own = runtimeNamed(runtime);
  return own.backends.filter((backend) => !own.capabilities.cpuIsaSensitive(backend));
}

/** Every claim across runtimes that the runtimes' base runs take part in, in the registry's order. */
export const RUNTIME_PAIRINGS: readonly RunPairing[] = RUNTIME_NAMES.flatMap((name) => runtimeNamed(name).pairings);

/** Why a runtime cannot run a scenario at all (the keras runtime builds the seed experiment only), or undefined. */
export function scenarioUnavailableIn(runtime: RuntimeName, scenario: ScenarioIdentity): string | undefined {
  return runtimeNamed(runtime).scenarioUnavailableReason(scenario);
}

export function assertBackendAvailable(backend: BackendName, runtime: RuntimeName = DEFAULT_RUNTIME): void {
  const reason = unavailableReason(backend, runtime);
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
  const machine = unavailableReason(request.backend, runtime);
  if (machine !== undefined) throw backendUnavailable(request.backend, runtime, machine, details);
  const reason = runtimeNamed(runtime).scenarioUnavailableReason(request.scenario);
  if (reason !== undefined) throw new ReproError('usage', `--runtime ${runtime}: ${reason}`, { details });
}

function runtimeParenthesis(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : ` (--runtime ${runtime})`;
}

/** Every run goes through its runtime's spawner, loaded (with playwright-core or the Python bridge) when the first run needs it. */
export function spawnFor(runtime: RuntimeName): SpawnFn {
  let loaded: Promise<SpawnFn> | undefined;
  return async (request, options) => (await (loaded ??= runtimeNamed(runtime).loadSpawner()))(request, options);
}

/** What one run is expected to cost (the one cost model: a check's pool and the sweep's sharder). */
export function runCost(runtime: RuntimeName, backend: BackendName, samples: number, epochs: number): number {
  const { cost } = runtimeNamed(runtime);
  return cost.startUp + samples * epochs * (cost.perSampleEpoch[backend] ?? 1);
}
