import os from 'node:os';
import { ReproError } from '../errors.js';
import { claimNamed, claimsFor, withControl, type ClaimName, type RunSpec, type Verdict } from '../invariants/claims.js';
import { MAX_SEED, type ScenarioConfig } from '../scenario/config.js';
import { getScenario } from '../scenario/scenario-registry.js';
import { scenarioUnavailableIn, unavailableReason } from './availability.js';
import type { BackendName } from '../tfjs/backends.js';
import { BACKEND_PACKAGES } from '../tfjs/backend-names.js';
import { BACKEND_COST } from '../run/backend-cost.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { runPool } from './run-pool.js';
import { isolatedRunKey, runKey, runOf } from './run-key.js';

export { runKey } from './run-key.js';
import { combineVariations } from '../invariants/env-variations.js';
import { variationsOf } from '../invariants/variation-sets.js';
import { isolateEnvVariation } from '../invariants/isolate-env-variation.js';
import type { RunRequest } from '../run/run-request.js';
import type { RuntimeName } from '../run/runtime.js';
import { meetsExpectation, type ExpectedVerdicts } from '../invariants/expectations.js';
import type { SpawnRunOptions } from '../run/spawn-run.js';
import { spawnFor, type SpawnFn } from './spawn-for-runtime.js';

export type { SpawnFn } from './spawn-for-runtime.js';

export interface CheckOptions {
  readonly scenario: ScenarioConfig;
  readonly backends: readonly BackendName[];
  /** Children at once. @default the number of cores */
  readonly parallelism?: number;
  readonly claims?: readonly ClaimName[];
  /** Passed to every spawn (timeout, child entry, env). */
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly spawn?: SpawnFn;
  readonly onEvent?: (event: CheckEvent) => void;
  /** Claims known not to hold (a project config's `expect`); every other claim must hold. */
  readonly expected?: ExpectedVerdicts;
  /** Where the runs train; the spawner is that runtime's unless `spawn` is given. @default 'node' */
  readonly runtime?: RuntimeName;
}

export type { ExpectedVerdicts } from '../invariants/expectations.js';

export type CheckEvent =
  | { readonly kind: 'planned'; readonly runs: number }
  /** Runs added after planning (each variation of a violated invariance claim, run alone to name a culprit). */
  | { readonly kind: 'extra-runs'; readonly runs: number; readonly why: string }
  | { readonly kind: 'run-epoch'; readonly key: string; readonly epoch: number; readonly epochs: number }
  | { readonly kind: 'run-done'; readonly key: string; readonly ms: number; readonly error?: string };

export type ClaimOutcome =
  | (Verdict & { readonly claim: ClaimName; readonly backend: BackendName; readonly runs: readonly [string, string] })
  | { readonly kind: 'error'; readonly claim: ClaimName; readonly backend: BackendName; readonly runs: readonly [string, string]; readonly error: ReproError };

export type BackendOutcome =
  | {
      readonly kind: 'ran';
      readonly backend: BackendName;
      readonly claims: readonly ClaimOutcome[];
      readonly runs: ReadonlyMap<string, Trajectory>;
      /** Whether the base run reproduced itself in a second process (the rerun claim's runs, always made): undefined when a run failed. */
      readonly control?: Verdict;
    }
  | {
      readonly kind: 'unavailable';
      readonly backend: BackendName;
      readonly reason: string;
      /**
       * Whose it is: `machine`, not installed or set up here (a gate fails on it unless excused);
       * `scenario`, the runtime cannot build this scenario at all (not applicable); `kernel`, the
       * backend is installed but lacks a kernel this scenario's training calls (fails unless excused).
       */
      readonly scope: 'machine' | 'scenario' | 'kernel';
    };

export interface CheckResult {
  readonly scenario: ScenarioConfig;
  readonly runtime: RuntimeName;
  readonly backends: readonly BackendOutcome[];
  readonly expected: ExpectedVerdicts;
  /** True when every claim on every available backend has its expected verdict (holds, unless `expected` says otherwise). */
  readonly ok: boolean;
  readonly wallMs: number;
}

export function requestFor(scenario: ScenarioConfig, backend: BackendName, spec: RunSpec): RunRequest {
  const seed = spec.seedOffset === 0 ? scenario.seed : (scenario.seed + 1) % (MAX_SEED + 1);
  return { scenario: { ...scenario, seed }, case: spec.case, reset: spec.reset, backend };
}

/**
 * Runs the claims: plans the distinct runs they need (one run serves several claims), runs them
 * in fresh processes bounded by `parallelism`, then judges each claim from its two runs.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const { stateful } = getScenario(options.scenario.scenario);
  const notApplicable = (options.claims ?? []).filter((name) => !claimsFor(stateful).some((claim) => claim.name === name));
  if (notApplicable.length > 0) {
    throw new ReproError(
      'usage',
      `--claims: ${notApplicable.join(', ')} do not apply to ${options.scenario.scenario}, a stateless model (resetting it changes nothing)`,
    );
  }
  const claimsOn = (backend: BackendName) =>
    claimsFor(stateful, backend).filter((claim) => options.claims === undefined || options.claims.includes(claim.name));
  // Why each backend cannot run, asked once per backend: this machine's reason first, then the scenario's.
  const runtime = options.runtime ?? 'node';
  const blocked = new Map<BackendName, { readonly reason: string; readonly scope: 'machine' | 'scenario' }>();
  for (const backend of options.backends) {
    const machine = unavailableReason(backend, runtime);
    const scenario = machine === undefined ? scenarioUnavailableIn(runtime, options.scenario) : undefined;
    if (machine !== undefined) blocked.set(backend, { reason: machine, scope: 'machine' });
    else if (scenario !== undefined) blocked.set(backend, { reason: scenario, scope: 'scenario' });
  }
  const available = options.backends.filter((backend) => !blocked.has(backend));

  const plan = new Map<string, PlannedRun>();
  // Backends whose runs take longest go first, so the pool's tail is short.
  for (const backend of [...available].sort((a, b) => BACKEND_COST[b] - BACKEND_COST[a])) {
    // The control (rerun's two runs) is always made: without it no difference can be attributed.
    for (const claim of [claimNamed('rerun'), ...claimsOn(backend)]) {
      for (const spec of claim.runs)
        plan.set(runKey(backend, spec), { request: requestFor(options.scenario, backend, spec), spawnOptions: variationOptions(spec, backend) });
    }
  }
  options.onEvent?.({ kind: 'planned', runs: plan.size });
  const { runs, failures } = await executePlan(plan, options);

  const backends: BackendOutcome[] = [];
  for (const backend of options.backends) {
    const why = blocked.get(backend);
    if (why !== undefined) {
      backends.push({ kind: 'unavailable', backend, ...why });
      continue;
    }
    const kernel = missingKernelOf(backend, failures);
    if (kernel !== undefined) {
      // Said once for the backend, not as an ERROR row with the same stack per claim.
      backends.push({
        kind: 'unavailable',
        backend,
        scope: 'kernel',
        reason: `not available for this scenario: ${BACKEND_PACKAGES[backend]} has no ${kernel} kernel, which training ${options.scenario.scenario} needs. Use another backend, or record it with --allow-unavailable ${options.runtime ?? 'node'}/${backend} (or the config's "optional" list).`,
      });
      continue;
    }
    const rerun = claimNamed('rerun');
    const controlRuns = [runOf(runs, backend, rerun.runs[0]), runOf(runs, backend, rerun.runs[1])] as const;
    const control = controlRuns[0] !== undefined && controlRuns[1] !== undefined ? rerun.judge(controlRuns[0], controlRuns[1]) : undefined;
    const outcomes: ClaimOutcome[] = [];
    for (const claim of claimsOn(backend)) {
      const pair = [runKey(backend, claim.runs[0]), runKey(backend, claim.runs[1])] as const;
      const error = failures.get(pair[0]) ?? failures.get(pair[1]);
      if (error !== undefined) {
        outcomes.push({ kind: 'error', claim: claim.name, backend, runs: pair, error });
        continue;
      }
      let verdict = withControl(claim, claim.judge(runs.get(pair[0])!, runs.get(pair[1])!), control);
      const variationSet = claim.runs[1].environment;
      if (variationSet !== undefined && verdict.kind === 'violated') {
        const variations = variationsOf(variationSet, backend);
        options.onEvent?.({ kind: 'extra-runs', runs: variations.length, why: `${claim.name} on ${backend}: each variation alone` });
        verdict = await isolateEnvVariation(verdict, runs.get(pair[0])!, variations, (variation) =>
          executeOne(isolatedRunKey(backend, claim.runs[0], variation.name), { request: plan.get(pair[0])!.request, spawnOptions: variation.options }, options),
        );
      }
      outcomes.push({ ...verdict, claim: claim.name, backend, runs: pair });
    }
    const own = new Map([...runs].filter(([key]) => key.startsWith(`${backend}/`)));
    backends.push({ kind: 'ran', backend, claims: outcomes, runs: own, ...(control === undefined ? {} : { control }) });
  }
  const expected = options.expected ?? {};
  const ok =
    backends.some((b) => b.kind === 'ran') &&
    backends.every(
      (b) => b.kind !== 'ran' || b.claims.every((c) => meetsExpectation(c.kind, c.claim, expected, { runtime: options.runtime ?? 'node', backend: b.backend })),
    );
  return { scenario: options.scenario, runtime: options.runtime ?? 'node', backends, expected, ok, wallMs: performance.now() - started };
}

interface PlannedRun {
  readonly request: RunRequest;
  readonly spawnOptions: Omit<SpawnRunOptions, 'onEpoch'>;
}

function variationOptions(spec: RunSpec, backend: BackendName): Omit<SpawnRunOptions, 'onEpoch'> {
  return spec.environment === undefined ? {} : combineVariations(variationsOf(spec.environment, backend));
}

/** Runs every planned run in the pool; trajectories and failures by run key. */
async function executePlan(plan: ReadonlyMap<string, PlannedRun>, options: CheckOptions) {
  const keys = [...plan.keys()];
  const settled = await runPool(
    keys.map((key) => () => executeOne(key, plan.get(key)!, options)),
    options.parallelism ?? os.availableParallelism(),
    options.spawnOptions?.cancelSignal,
  );
  const runs = new Map<string, Trajectory>();
  const failures = new Map<string, ReproError>();
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') runs.set(keys[i]!, outcome.value);
    else failures.set(keys[i]!, asReproError(outcome.reason));
  });
  return { runs, failures };
}

async function executeOne(key: string, planned: PlannedRun, options: CheckOptions): Promise<Trajectory> {
  const spawn = options.spawn ?? spawnFor(options.runtime ?? 'node');
  const runStarted = performance.now();
  try {
    const trajectory = await spawn(planned.request, {
      ...options.spawnOptions,
      ...planned.spawnOptions,
      env: { ...options.spawnOptions?.env, ...planned.spawnOptions.env },
      onEpoch: (epoch, epochs) => options.onEvent?.({ kind: 'run-epoch', key, epoch, epochs }),
    });
    options.onEvent?.({ kind: 'run-done', key, ms: performance.now() - runStarted });
    return trajectory;
  } catch (error) {
    options.onEvent?.({ kind: 'run-done', key, ms: performance.now() - runStarted, error: (error as Error).message });
    throw error;
  }
}

/** tfjs's words when a backend lacks a kernel that training calls (e.g. wasm's Conv2DBackpropFilter). */
const MISSING_KERNEL = /Kernel '([A-Za-z0-9_]+)' not registered for backend '([a-z]+)'/;

/** The kernel this backend lacks, when one of its runs failed for that reason. */
export function missingKernelOf(backend: BackendName, failures: ReadonlyMap<string, ReproError>): string | undefined {
  for (const [key, error] of failures) {
    if (!key.startsWith(`${backend}/`)) continue;
    const match = MISSING_KERNEL.exec([error.message, ...error.details].join('\n'));
    if (match !== null && match[2] === backend) return match[1];
  }
  return undefined;
}

function asReproError(reason: unknown): ReproError {
  return reason instanceof ReproError ? reason : new ReproError('internal', String(reason), { cause: reason });
}
