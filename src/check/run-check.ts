import os from 'node:os';
import { ReproError } from '../errors.js';
import { claimNamed, claimsFor, withControl, type Claim, type ClaimName, type RunSpec, type Verdict } from '../invariants/claims.js';
import { combineVariations } from '../invariants/env-variations.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import { needsKernelTrace } from '../diagnosis/diagnose-kernels.js';
import { diagnoseViolation } from '../diagnosis/diagnose-violation.js';
import { refineByReplay } from './trace-replay.js';
import { meetsExpectation, type ExpectedVerdicts } from '../invariants/expectations.js';
import { isolateEnvVariation } from '../invariants/isolate-env-variation.js';
import type { RunRequest } from '../trajectory/run-request.js';
import { DEFAULT_RUNTIME } from '../runtimes/runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { SpawnFn, SpawnRunOptions } from '../run/spawn-options.js';
import { claimsIn, runCost, runtimeNamed, scenarioUnavailableIn, unavailableReason, variationsOf } from '../runtimes/registry.js';
import { MAX_SEED, type ScenarioConfig } from '../scenario/config.js';
import { getScenario } from '../scenario/scenario-registry.js';
import { TFJS_BACKEND_PACKAGES } from '../runtimes/shared/tfjs-backends.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { isolatedRunKey, runKey, runOf } from '../invariants/run-key.js';
import { createRunExecutor, type RunEvent, type RunExecutor, type RunJob } from '../execute/run-executor.js';

export { runKey } from '../invariants/run-key.js';
export type { SpawnFn } from '../run/spawn-options.js';

export interface CheckOptions {
  readonly scenario: ScenarioConfig;
  readonly backends: readonly BackendName[];
  /** Where every run goes (a check set shares one across its checks). @default one of this check's own, from the options below */
  readonly executor?: RunExecutor;
  /** Children at once, without an executor. @default the number of cores */
  readonly parallelism?: number;
  readonly claims?: readonly ClaimName[];
  /** Passed to every spawn (timeout, child entry, env). */
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly spawn?: SpawnFn;
  readonly onEvent?: (event: CheckEvent) => void;
  /** Claims known not to hold (a project config's `expect`); every other claim must hold. */
  readonly expected?: ExpectedVerdicts;
  /** Where the runs train; the spawner is that runtime's unless `spawn` is given. @default DEFAULT_RUNTIME */
  readonly runtime?: RuntimeName;
}

export type { ExpectedVerdicts } from '../invariants/expectations.js';

export type CheckEvent =
  | { readonly kind: 'planned'; readonly runs: number }
  /** Runs added after planning (each variation of a violated invariance claim, run alone to name a culprit). */
  | { readonly kind: 'extra-runs'; readonly runs: number; readonly why: string }
  | RunEvent;

export type ClaimOutcome =
  | (Verdict & {
      readonly claim: ClaimName;
      readonly backend: BackendName;
      readonly runs: readonly [string, string];
      /** Why, on every violated claim: the cause, where it begins, the evidence and the fix. */
      readonly diagnosis?: Diagnosis;
    })
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
 * Runs the claims in five steps: plan the distinct runs they need (one run serves several claims;
 * availability asked once per backend), execute them in fresh processes bounded by `parallelism`,
 * judge each claim from its two runs, isolate the variation behind a violated invariance claim,
 * and hold the verdicts against what is expected.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const resolved = executingCheck(options);
  const { runtime } = resolved;
  const plan = planCheck(options);
  options.onEvent?.({ kind: 'planned', runs: plan.runs.size });
  const executed = await executePlan(plan.runs, resolved);
  const backends = await Promise.all(
    options.backends.map(async (backend): Promise<BackendOutcome> => {
      const judged = judgeBackend(backend, plan, executed, runtime, options.scenario);
      return judged.kind === 'ran' ? isolateViolations(judged, plan, resolved) : judged;
    }),
  );
  const expected = options.expected ?? {};
  return { scenario: options.scenario, runtime, backends, expected, ok: meetsExpectations(backends, expected, runtime), wallMs: performance.now() - started };
}

/** What a check will do: the claims on each backend, the backends that cannot run (and why), and the distinct runs. */
export interface CheckPlan {
  readonly claimsOn: (backend: BackendName) => readonly Claim[];
  readonly blocked: ReadonlyMap<BackendName, { readonly reason: string; readonly scope: 'machine' | 'scenario' }>;
  /** By run key, the costliest backends' runs first (so that the pool's tail is short). */
  readonly runs: ReadonlyMap<string, PlannedRun>;
}

/** Step 1: the claims that apply, availability (asked here, once per backend), and the distinct runs. */
export function planCheck(options: Pick<CheckOptions, 'scenario' | 'backends' | 'claims' | 'runtime'>): CheckPlan {
  const { stateful } = getScenario(options.scenario.scenario);
  const notApplicable = (options.claims ?? []).filter((name) => !claimsFor(stateful).some((claim) => claim.name === name));
  if (notApplicable.length > 0) {
    throw new ReproError(
      'usage',
      `--claims: ${notApplicable.join(', ')} do not apply to ${options.scenario.scenario}, a stateless model (resetting it changes nothing)`,
    );
  }
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  const claimsOn = (backend: BackendName) =>
    claimsIn(runtime, backend, stateful).filter((claim) => options.claims === undefined || options.claims.includes(claim.name));
  // Why each backend cannot run, asked once per backend: this machine's reason first, then the scenario's.
  const blocked = new Map<BackendName, { readonly reason: string; readonly scope: 'machine' | 'scenario' }>();
  for (const backend of options.backends) {
    const machine = unavailableReason(backend, runtime);
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
        runs.set(runKey(backend, spec), { request: requestFor(options.scenario, backend, spec), spawnOptions: variationOptions(spec, runtime, backend) });
    }
  }
  return { claimsOn, blocked, runs };
}

/** What executing a plan gave: trajectories and failures by run key. */
export interface ExecutedPlan {
  readonly runs: ReadonlyMap<string, Trajectory>;
  readonly failures: ReadonlyMap<string, ReproError>;
}

type JudgedBackend = Exclude<BackendOutcome, { kind: 'ran' }> | (Extract<BackendOutcome, { kind: 'ran' }> & { readonly claims: ClaimOutcome[] });

/**
 * Step 3: one backend's outcome from its runs. Unavailable (said once: the machine's or the
 * scenario's reason, or a kernel the backend lacks), or each claim's verdict against the control.
 */
export function judgeBackend(backend: BackendName, plan: CheckPlan, executed: ExecutedPlan, runtime: RuntimeName, scenario: ScenarioConfig): JudgedBackend {
  const why = plan.blocked.get(backend);
  if (why !== undefined) return { kind: 'unavailable', backend, ...why };
  const kernel = missingKernelOf(backend, executed.failures);
  if (kernel !== undefined) {
    // Said once for the backend, not as an ERROR row with the same stack per claim.
    return {
      kind: 'unavailable',
      backend,
      scope: 'kernel',
      reason: `not available for this scenario: ${TFJS_BACKEND_PACKAGES[backend]} has no ${kernel} kernel, which training ${scenario.scenario} needs. Use another backend, or record it with --allow-unavailable ${runtime}/${backend} (or the config's "optional" list).`,
    };
  }
  const { runs, failures } = executed;
  const rerun = claimNamed('rerun');
  const controlRuns = [runOf(runs, backend, rerun.runs[0]), runOf(runs, backend, rerun.runs[1])] as const;
  const control = controlRuns[0] !== undefined && controlRuns[1] !== undefined ? rerun.judge(controlRuns[0], controlRuns[1]) : undefined;
  const claims = plan.claimsOn(backend).map((claim): ClaimOutcome => {
    const pair = [runKey(backend, claim.runs[0]), runKey(backend, claim.runs[1])] as const;
    const error = failures.get(pair[0]) ?? failures.get(pair[1]);
    if (error !== undefined) return { kind: 'error', claim: claim.name, backend, runs: pair, error };
    const [a, b] = [runs.get(pair[0])!, runs.get(pair[1])!];
    const verdict = withControl(claim, claim.judge(a, b), control);
    return { ...verdict, claim: claim.name, backend, runs: pair, ...diagnosisOf(claim, verdict, a, b) };
  });
  const own = new Map([...runs].filter(([key]) => key.startsWith(`${backend}/`)));
  return { kind: 'ran', backend, claims, runs: own, ...(control === undefined ? {} : { control }) };
}

/** A violated claim's diagnosis, from its two runs (a claim that rests on a difference: why there was none). */
function diagnosisOf(claim: Claim, verdict: Verdict, a: Trajectory, b: Trajectory): { diagnosis?: Diagnosis } {
  const diagnosis = verdict.kind === 'violated' ? diagnoseViolation({ claim, a, b, divergence: verdict.divergence }) : undefined;
  return diagnosis === undefined ? {} : { diagnosis };
}

/**
 * Step 4: explain each violated claim. A claim whose second run varied the environment runs each
 * variation alone, to name the one that changes the numbers; then, where the runtime can trace
 * kernels and the runs' records stop at a batch boundary, both runs are replayed with a kernel
 * trace up to the first divergent batch, to name the kernel where they part (runs only a failing
 * claim needs).
 */
export async function isolateViolations(outcome: Extract<BackendOutcome, { kind: 'ran' }>, plan: CheckPlan, options: ExecutingCheck): Promise<BackendOutcome> {
  const { backend } = outcome;
  // The violated claims are explained side by side (their extra runs share the check's bound).
  const claims = await Promise.all(
    outcome.claims.map(async (verdict): Promise<ClaimOutcome> => {
      const claim = claimNamed(verdict.claim);
      if (verdict.kind !== 'violated') return verdict;
      const variationSet = claim.runs[1].environment;
      const [base, second] = verdict.runs;
      let pair: readonly [PlannedRun, PlannedRun] = [plan.runs.get(base)!, plan.runs.get(second)!];
      let explained: ClaimOutcome = verdict;
      if (variationSet !== undefined) {
        const variations = variationsOf(variationSet, options.runtime, backend);
        options.onEvent?.({ kind: 'extra-runs', runs: variations.length, why: `${claim.name} on ${backend}: each variation alone` });
        const variedRuns = new Map<string, Trajectory>();
        const isolated = await isolateEnvVariation(verdict, outcome.runs.get(base)!, variations, async (variation) => {
          const varied = await executeOne(
            isolatedRunKey(backend, claim.runs[0], variation.name),
            { request: pair[0].request, spawnOptions: variation.options },
            options,
          );
          variedRuns.set(variation.name, varied);
          return varied;
        });
        const set = variationSet === 'threads' ? 'threads' : 'varied';
        const culprits = isolated.culprits.map((variation) => ({ variation, set }) as const);
        const { culprits: _named, ...isolatedVerdict } = isolated;
        const [culprit] = isolated.culprits;
        if (culprit !== undefined) pair = [pair[0], { request: pair[0].request, spawnOptions: culprit.options }];
        // The culprit's own run already shows whether it changes the initial weights: no trace needed then.
        const culpritRun = culprit === undefined ? undefined : variedRuns.get(culprit.name);
        const diagnosis = diagnoseViolation({
          claim,
          a: outcome.runs.get(base)!,
          b: outcome.runs.get(second)!,
          divergence: verdict.divergence,
          culprits,
          ...(culpritRun === undefined ? {} : { culpritRun }),
        });
        explained = { ...verdict, ...isolatedVerdict, ...(diagnosis === undefined ? {} : { diagnosis }) };
      }
      return traceDiagnosis(explained, pair, outcome.runs.get(base)!, options);
    }),
  );
  return { ...outcome, claims };
}

/**
 * A violated claim whose diagnosis stops at a batch boundary, refined by replaying its two runs
 * with a kernel trace up to the first divergent batch (where the runtime can trace kernels).
 */
async function traceDiagnosis(
  verdict: ClaimOutcome,
  pair: readonly [PlannedRun, PlannedRun],
  base: Trajectory,
  options: ExecutingCheck,
): Promise<ClaimOutcome> {
  if (verdict.kind !== 'violated' || verdict.diagnosis === undefined || verdict.divergence === undefined) return verdict;
  if (!runtimeNamed(options.runtime).capabilities.kernelTrace || !needsKernelTrace(verdict.diagnosis)) return verdict;
  // Where the losses are equal and an epoch's weights differ: through that epoch's last batch.
  const { epoch } = verdict.divergence;
  const upTo = { epoch, batch: verdict.divergence.batch ?? Math.max(1, base.batches.filter((b) => b.epoch === epoch).length) };
  options.onEvent?.({
    kind: 'extra-runs',
    runs: 2,
    why: `${verdict.claim} on ${verdict.backend}: both runs again with a kernel trace up to epoch ${upTo.epoch} batch ${upTo.batch}`,
  });
  const diagnosis = await refineByReplay(verdict.diagnosis, pair, upTo, (run, i) => executeOne(`${verdict.runs[i]}+trace`, run, options));
  return { ...verdict, diagnosis };
}

/** Step 5: every claim on every backend that ran has its expected verdict (holds, unless `expected` says otherwise), and some backend ran. */
export function meetsExpectations(backends: readonly BackendOutcome[], expected: ExpectedVerdicts, runtime: RuntimeName): boolean {
  return (
    backends.some((b) => b.kind === 'ran') &&
    backends.every((b) => b.kind !== 'ran' || b.claims.every((c) => meetsExpectation(c.kind, c.claim, expected, { runtime, backend: b.backend })))
  );
}

export interface PlannedRun {
  readonly request: RunRequest;
  readonly spawnOptions: Omit<SpawnRunOptions, 'onEpoch'>;
}

function variationOptions(spec: RunSpec, runtime: RuntimeName, backend: BackendName): Omit<SpawnRunOptions, 'onEpoch'> {
  return spec.environment === undefined ? {} : combineVariations(variationsOf(spec.environment, runtime, backend));
}

/** A check on its way: its runtime and the executor every run of it goes through, resolved once. */
export type ExecutingCheck = CheckOptions & { readonly runtime: RuntimeName; readonly executor: RunExecutor };

/** A check's options with its runtime and its executor decided: the given one, or one of its own. */
export function executingCheck(options: CheckOptions): ExecutingCheck {
  return { ...options, runtime: options.runtime ?? DEFAULT_RUNTIME, executor: executorOf(options) };
}

/** The executor of a check run on its own: its own bound, its spawner (a fake one in tests), its events. */
function executorOf(options: CheckOptions): RunExecutor {
  if (options.executor !== undefined) return options.executor;
  const { spawn } = options;
  return createRunExecutor({
    parallelism: options.parallelism ?? os.availableParallelism(),
    ...(spawn === undefined ? {} : { spawnFor: () => spawn }),
    ...(options.spawnOptions === undefined ? {} : { spawnOptions: options.spawnOptions }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}

/** Step 2: every planned run through the executor; trajectories and failures by run key. */
export async function executePlan(plan: ReadonlyMap<string, PlannedRun>, options: ExecutingCheck): Promise<ExecutedPlan> {
  const settled = await options.executor.runAll([...plan].map(([key, planned]) => jobOf(key, planned, options)));
  const runs = new Map<string, Trajectory>();
  const failures = new Map<string, ReproError>();
  for (const [key, outcome] of settled) {
    if (outcome instanceof ReproError) failures.set(key, outcome);
    else runs.set(key, outcome);
  }
  return { runs, failures };
}

function executeOne(key: string, planned: PlannedRun, options: ExecutingCheck): Promise<Trajectory> {
  return options.executor.run(jobOf(key, planned, options));
}

function jobOf(key: string, planned: PlannedRun, options: ExecutingCheck): RunJob {
  return { key, runtime: options.runtime, request: planned.request, spawnOptions: planned.spawnOptions };
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
