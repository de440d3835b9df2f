import { ReproError } from '../errors.js';
import { claimNamed, claimsFor, type Claim, type RunSpec } from '../invariants/claims.js';
import { combineVariations } from '../invariants/env-variations.js';
import type { RunRequest } from '../trajectory/run-request.js';
import { DEFAULT_RUNTIME } from '../runtimes/runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { SpawnRunOptions } from '../run/spawn-options.js';
import { claimsIn, runCost, scenarioUnavailableIn, unavailableReason, variationsOf } from '../runtimes/registry.js';
import { releaseUnavailable } from '../tfjs-versions/release-plan.js';
import { MAX_SEED, type ScenarioConfig } from '../scenario/config.js';
import { getScenario } from '../scenario/scenario-registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { runKey } from '../invariants/run-key.js';
import { type CheckOptions } from './check-result.js';

export function requestFor(scenario: ScenarioConfig, backend: BackendName, spec: RunSpec, tfjs?: string): RunRequest {
  const seed = spec.seedOffset === 0 ? scenario.seed : (scenario.seed + 1) % (MAX_SEED + 1);
  return {
    scenario: { ...scenario, seed },
    case: spec.case,
    reset: spec.reset,
    backend,
    ...(spec.mathRandom === undefined ? {} : { mathRandom: spec.mathRandom }),
    ...(tfjs === undefined ? {} : { tfjs }),
  };
}

/** What a check will do: the claims on each backend, the backends that cannot run (and why), and the distinct runs. */
export interface CheckPlan {
  readonly claimsOn: (backend: BackendName) => readonly Claim[];
  readonly blocked: ReadonlyMap<BackendName, { readonly reason: string; readonly scope: 'machine' | 'scenario' }>;
  /** By run key, the costliest backends' runs first (so that the pool's tail is short). */
  readonly runs: ReadonlyMap<string, PlannedRun>;
}

/** Step 1: the claims that apply, availability (asked here, once per backend), and the distinct runs. */
export function planCheck(options: Pick<CheckOptions, 'scenario' | 'backends' | 'claims' | 'runtime' | 'mathRandom' | 'tfjs'>): CheckPlan {
  const { stateful } = getScenario(options.scenario.scenario);
  const notApplicable = (options.claims ?? []).filter((name) => !claimsFor(stateful).some((claim) => claim.name === name));
  if (notApplicable.length > 0) {
    throw new ReproError(
      'usage',
      `--claims: ${notApplicable.join(', ')} do not apply to ${options.scenario.scenario}, a stateless model (resetting it changes nothing)`,
    );
  }
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  // With Math.random native for every run, rerun is the native rerun: rerun-native-random would repeat it.
  const native = options.mathRandom === 'native';
  const claimsOn = (backend: BackendName) =>
    claimsIn(runtime, backend, stateful).filter(
      (claim) => (options.claims === undefined || options.claims.includes(claim.name)) && !(native && claim.runs[1].mathRandom === 'native'),
    );
  // Why each backend cannot run, asked once per backend: this machine's reason first, then the scenario's.
  const blocked = new Map<BackendName, { readonly reason: string; readonly scope: 'machine' | 'scenario' }>();
  for (const backend of options.backends) {
    const machine = unavailableReason(backend, runtime) ?? releaseUnavailable(options.tfjs, runtime, backend);
    const scenario = machine === undefined ? scenarioUnavailableIn(runtime, options.scenario) : undefined;
    if (machine !== undefined) blocked.set(backend, { reason: machine, scope: 'machine' });
    else if (scenario !== undefined) blocked.set(backend, { reason: scenario, scope: 'scenario' });
  }
  const cost = (backend: BackendName) => runCost(runtime, backend, options.scenario.samples, options.scenario.epochs);
  const runs = new Map<string, PlannedRun>();
  for (const backend of options.backends.filter((b) => !blocked.has(b)).sort((a, b) => cost(b) - cost(a))) {
    // The control (rerun's two runs) is always made: without it no difference can be attributed.
    for (const claim of [claimNamed('rerun'), ...claimsOn(backend)]) {
      for (const spec of claim.runs)
        runs.set(runKey(backend, spec), {
          request: requestFor(options.scenario, backend, native ? { ...spec, mathRandom: 'native' } : spec, options.tfjs),
          spawnOptions: variationOptions(spec, runtime, backend),
        });
    }
  }
  return { claimsOn, blocked, runs };
}

export interface PlannedRun {
  readonly request: RunRequest;
  readonly spawnOptions: Omit<SpawnRunOptions, 'onEpoch'>;
}

function variationOptions(spec: RunSpec, runtime: RuntimeName, backend: BackendName): Omit<SpawnRunOptions, 'onEpoch'> {
  return spec.environment === undefined ? {} : combineVariations(variationsOf(spec.environment, runtime, backend));
}
