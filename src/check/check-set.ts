import { judgeCrossRuntime, type BaseRunLookup, type CrossRuntimeOutcome, type ReproducesLookup } from '../invariants/cross-runtime.js';
import { RUNTIME_PAIRINGS, runCost, runtimeNamed, unavailableReason, spawnFor as defaultSpawnFor, type RunReplay } from '../runtimes/registry.js';
import { excuseFor, NO_EXCUSES, type Excuses } from '../config/excuses.js';
import { createLimiter, runPool, type Limiter } from '../run/run-pool.js';
import type { ClaimName } from '../invariants/claims.js';
import { meetsExpectation, type ExpectedVerdicts } from '../invariants/expectations.js';
import type { ReportResults } from './report-results.js';
import type { RuntimePlan } from '../plan/resolve-check.js';
import type { SpawnRunOptions } from '../run/spawn-options.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { ScenarioConfig } from '../scenario/config.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { collectReport } from './collect-report.js';
import { runCheck, type CheckEvent, type CheckResult, type SpawnFn } from './run-check.js';
import { runOf } from '../invariants/run-key.js';

export type { RuntimePlan } from '../plan/resolve-check.js';

export interface CheckSetOptions {
  readonly scenarios: readonly ScenarioConfig[];
  readonly plan: RuntimePlan;
  /** The config's known violations of each scenario. */
  readonly expectedFor: (scenario: ScenarioConfig) => ExpectedVerdicts;
  readonly claims?: readonly ClaimName[];
  readonly parallelism: number;
  readonly spawnOptions: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly onEvent?: (event: CheckEvent) => void;
  /** Also gather what a report shows (the Adadelta comparison where a scenario has it). @default false */
  readonly report?: boolean;
  /** How each runtime spawns runs; tests pass caches that share runs. @default spawnFor */
  readonly spawnFor?: (runtime: RuntimeName) => SpawnFn;
  /** What may be unavailable here without failing. @default none: what cannot run fails the set */
  readonly excuses?: Excuses;
}

/** A runtime's backend that was asked for and cannot run here (not installed, not set up). */
export interface UnavailableBackend {
  readonly runtime: RuntimeName;
  readonly backend: BackendName;
  /** Set when only this scenario cannot run there (the backend lacks a kernel it needs). */
  readonly scenario?: string;
  readonly reason: string;
  /** The `--allow-unavailable` / `optional` entry that excuses it; without one the set fails. */
  readonly excusedBy?: string;
}

export interface CrossRuntimeSet {
  readonly scenario: string;
  readonly outcomes: readonly CrossRuntimeOutcome[];
  readonly expected: ExpectedVerdicts;
}

export interface CheckSetResult {
  /** One per scenario and runtime, in that order. */
  readonly checks: readonly CheckResult[];
  /** With `report`: one per check, in the same order. */
  readonly reports: readonly ReportResults[];
  /** Per scenario checked in more than one runtime. */
  readonly crossRuntime: readonly CrossRuntimeSet[];
  /**
   * Every backend asked for that cannot run here, once each. A scenario that a runtime cannot
   * build (Keras builds the seed experiment only) is not among them: that is not this machine's.
   */
  readonly unavailable: readonly UnavailableBackend[];
  /** Where the excuses came from, for the output. */
  readonly excuseSource: string;
  /**
   * Every claim meets its expectation, on every runtime where something ran, something ran (or
   * everything asked was excused), and whatever could not run was excused: gates fail closed.
   */
  readonly ok: boolean;
  /** The cancel signal fired: the result is partial. */
  readonly interrupted: boolean;
}

/**
 * The one execution layer of `check`, `report` and the goldens' shared runs: scenarios ×
 * runtimes × backends → runs → verdicts, and the claims across runtimes from the same runs.
 * Options arrive resolved and validated: nothing here parses user input.
 */
export async function runCheckSet(options: CheckSetOptions): Promise<CheckSetResult> {
  const signal = options.spawnOptions.cancelSignal;
  // Every check of the set starts at once and queues its runs on one limiter: `parallelism`
  // children in all, the costliest waiting run first. A check's extra runs (a violated claim's
  // variations, its traced replays) then run beside the other checks' runs instead of after them
  // with a core idle.
  const limit = createLimiter(options.parallelism, signal);
  const spawnFor = limitedSpawns(options.spawnFor ?? defaultSpawnFor, limit);
  const several = options.scenarios.length * options.plan.length > 1;
  const perScenario = await Promise.all(
    options.scenarios.map(async (scenario) => {
      const perRuntime = await Promise.all(
        options.plan.map(async ({ runtime, backends }) => {
          const common = {
            scenario,
            runtime,
            backends,
            expected: options.expectedFor(scenario),
            // The limiter bounds the children; each check queues all of its runs.
            parallelism: Number.MAX_SAFE_INTEGER,
            spawn: spawnFor(runtime),
            spawnOptions: options.spawnOptions,
            onEvent: several ? namedEvents(options.onEvent, `${scenario.scenario} ${runtime}`) : options.onEvent,
          };
          if (options.report === true) return collectReport(common);
          return { check: await runCheck({ ...common, claims: options.claims }), results: undefined };
        }),
      );
      const checks = perRuntime.map((r) => r.check);
      const crossRuntime: CrossRuntimeSet | undefined =
        options.plan.length > 1 && signal?.aborted !== true
          ? {
              scenario: scenario.scenario,
              outcomes: [
                ...judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn(checks), reproducesIn(checks)),
                ...(await replayClaims(scenario, checks, spawnFor, options)),
              ],
              expected: options.expectedFor(scenario),
            }
          : undefined;
      return { checks, reports: perRuntime.flatMap((r) => (r.results === undefined ? [] : [r.results])), crossRuntime };
    }),
  );
  const checks = perScenario.flatMap((s) => s.checks);
  const reports = perScenario.flatMap((s) => s.reports);
  if (signal?.aborted === true) return { checks, reports, crossRuntime: [], unavailable: [], excuseSource: '', ok: false, interrupted: true };
  const crossRuntime = perScenario.flatMap((s) => (s.crossRuntime === undefined ? [] : [s.crossRuntime]));
  const ran = checks.filter((c) => c.backends.some((b) => b.kind === 'ran'));
  const excuses = options.excuses ?? NO_EXCUSES;
  const unavailable = unavailableIn(checks, excuses);
  const allExcused = unavailable.every((u) => u.excusedBy !== undefined);
  const ok =
    (ran.length > 0 || (unavailable.length > 0 && allExcused)) &&
    allExcused &&
    ran.every((c) => c.ok) &&
    crossRuntime.every((c) => c.outcomes.every((o) => meetsExpectation(o.kind, o.claim, c.expected)));
  return { checks, reports, crossRuntime, unavailable, excuseSource: excuses.source, ok, interrupted: false };
}

/** Each runtime's spawner, through the set's limiter: a run's priority is its estimated cost (a traced replay's up to its last epoch). */
function limitedSpawns(spawnFor: (runtime: RuntimeName) => SpawnFn, limit: Limiter): (runtime: RuntimeName) => SpawnFn {
  return (runtime) => {
    const spawn = spawnFor(runtime);
    return (request, spawnOptions) => {
      const { samples, epochs } = request.scenario;
      const trained = request.trace !== undefined && request.trace.keepTraining !== true ? Math.min(epochs, request.trace.upTo.epoch) : epochs;
      return limit(() => spawn(request, spawnOptions), runCost(runtime, request.backend, samples, trained));
    };
  };
}

/** A check's events with its run keys named by scenario and runtime, when a set runs several checks at once. */
function namedEvents(onEvent: ((event: CheckEvent) => void) | undefined, name: string): ((event: CheckEvent) => void) | undefined {
  if (onEvent === undefined) return undefined;
  return (event) => onEvent(event.kind === 'run-epoch' || event.kind === 'run-done' ? { ...event, key: `${name} ${event.key}` } : event);
}

/** The backends that could not run for this machine's sake (not for the scenario's), once each, with their excuse. */
function unavailableIn(checks: readonly CheckResult[], excuses: Excuses): UnavailableBackend[] {
  const found = new Map<string, UnavailableBackend>();
  for (const check of checks)
    for (const b of check.backends) {
      // A scenario the runtime cannot build (keras: the seed only) is not applicable, not a failure.
      if (b.kind !== 'unavailable' || b.scope === 'scenario') continue;
      const scenario = b.scope === 'kernel' ? check.scenario.scenario : undefined;
      const key = `${check.runtime}/${b.backend}${scenario === undefined ? '' : ` ${scenario}`}`;
      if (found.has(key)) continue;
      const excusedBy = excuseFor(excuses, check.runtime, b.backend);
      found.set(key, {
        runtime: check.runtime,
        backend: b.backend,
        ...(scenario === undefined ? {} : { scenario }),
        reason: b.reason,
        ...(excusedBy === undefined ? {} : { excusedBy }),
      });
    }
  return [...found.values()];
}

/**
 * The claims of runtimes that replay another's runs (keras: matches-keras), when both ran: each
 * base run of the other runtime, trained again in the replaying runtime from that run's initial
 * weights and data (one extra run per backend), judged by the replaying runtime.
 */
async function replayClaims(
  scenario: ScenarioConfig,
  checks: readonly CheckResult[],
  spawnFor: (runtime: RuntimeName) => SpawnFn,
  options: CheckSetOptions,
): Promise<CrossRuntimeOutcome[]> {
  const outcomes: CrossRuntimeOutcome[] = [];
  for (const check of checks) {
    const replay = runtimeNamed(check.runtime).capabilities.replays;
    const source = replay === undefined ? undefined : checks.find((c) => c.runtime === replay.of);
    if (replay === undefined || source === undefined || !canReplay(check, replay.backend, scenario)) continue;
    outcomes.push(...(await replayRuns(source, check.runtime, replay, spawnFor(check.runtime), options)));
  }
  return outcomes;
}

/** Whether the replaying runtime can run its backend: its check's answer when it asked, else asked here once. */
function canReplay(check: CheckResult, backend: BackendName, scenario: ScenarioConfig): boolean {
  const asked = check.backends.find((b) => b.backend === backend);
  return asked === undefined ? unavailableReason(backend, check.runtime, scenario) === undefined : asked.kind === 'ran';
}

async function replayRuns(source: CheckResult, runtime: RuntimeName, replay: RunReplay, spawn: SpawnFn, options: CheckSetOptions) {
  const base = baseRunsIn([source]);
  const sources = source.backends.filter((b) => b.kind === 'ran' && base(source.runtime, b.backend) !== undefined);
  const runs = sources.map((b) => base(source.runtime, b.backend)!);
  const settled = await runPool(
    runs.map((run) => () => spawn({ ...run.request, backend: replay.backend, initialWeights: run.initialWeights }, { ...options.spawnOptions })),
    options.parallelism,
    options.spawnOptions.cancelSignal,
  );
  return settled.map((outcome, i): CrossRuntimeOutcome => {
    const name = `${source.runtime}/${sources[i]!.backend}`;
    if (outcome.status === 'fulfilled') return replay.judge(name, runs[i]!, outcome.value);
    const reason = outcome.reason instanceof Error ? outcome.reason.message.split('\n')[0]! : String(outcome.reason);
    return {
      claim: replay.claim,
      a: name,
      b: `${runtime}/${replay.backend} (from the same start)`,
      kind: 'inconclusive',
      maxUlp: Number.NaN,
      evidence: `the ${runtime} run failed: ${reason}`,
    };
  });
}

/** Whether a backend's base run reproduced itself in its check (a failed control counts as not). */
export function reproducesIn(checks: readonly CheckResult[]): ReproducesLookup {
  return (runtime, backend) => {
    const outcome = checks.find((c) => c.runtime === runtime)?.backends.find((b) => b.backend === backend);
    return outcome?.kind === 'ran' && outcome.control?.kind === 'holds';
  };
}

/** The base run (case 1, no resets) of each backend each check ran, for the claims across runtimes. */
export function baseRunsIn(checks: readonly CheckResult[]): BaseRunLookup {
  return (runtime, backend) => {
    const outcome = checks.find((c) => c.runtime === runtime)?.backends.find((b) => b.backend === backend);
    return outcome?.kind === 'ran' ? runOf(outcome.runs, backend) : undefined;
  };
}
