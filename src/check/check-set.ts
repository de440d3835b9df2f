import { judgeCrossRuntime, type BaseRunLookup, type CrossRuntimeOutcome, type ReproducesLookup } from '../invariants/cross-runtime.js';
import { RUNTIME_PAIRINGS, runtimeNamed, unavailableReason, type RunReplay } from '../runtimes/registry.js';
import { isUnexcused, judgeUnavailable, NO_EXCUSES, type Excuses, type UnavailableBackend } from '../config/excuses.js';
import { createRunExecutor, type RunExecutor } from '../execute/run-executor.js';
import { ReproError } from '../errors.js';
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
  /** Where a scenario runs instead of `plan` (the config's per-scenario `runtimes`). */
  readonly scenarioPlans?: Readonly<Record<string, RuntimePlan>>;
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
  /** `native`: every run leaves Math.random as the platform gives it. @default the children seed it */
  readonly mathRandom?: 'native';
  /** Published tfjs releases: every check once per release (`--tfjs`). @default once, on the project's tfjs */
  readonly tfjs?: readonly string[];
}

export type { UnavailableBackend } from '../config/excuses.js';

export interface CrossRuntimeSet {
  readonly scenario: string;
  /** The release both sides trained with (`--tfjs`); absent: the project's tfjs. */
  readonly tfjs?: string;
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
  // Every check of the set starts at once and queues its runs on one executor: `parallelism`
  // children in all, the costliest waiting run first. A check's extra runs (a violated claim's
  // variations, its traced replays) then run beside the other checks' runs instead of after them
  // with a core idle.
  const executor = createRunExecutor({
    parallelism: options.parallelism,
    spawnOptions: options.spawnOptions,
    ...(options.spawnFor === undefined ? {} : { spawnFor: options.spawnFor }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const planOf = (scenario: ScenarioConfig): RuntimePlan => options.scenarioPlans?.[scenario.scenario] ?? options.plan;
  const releases: readonly (string | undefined)[] = options.tfjs ?? [undefined];
  const several = options.scenarios.reduce((n, scenario) => n + planOf(scenario).length, 0) * releases.length > 1;
  const perScenario = await Promise.all(
    options.scenarios.flatMap((scenario) =>
      releases.map(async (tfjs) => {
        const perRuntime = await Promise.all(
          planOf(scenario).map(async ({ runtime, backends }) => {
            // With several checks at once, progress names each run's scenario, runtime and release.
            const own = several ? executor.named(`${scenario.scenario} ${runtime} ${tfjs === undefined ? '' : `tfjs ${tfjs} `}`) : executor;
            const check = await runCheck({
              scenario,
              runtime,
              backends,
              claims: options.claims,
              expected: options.expectedFor(scenario),
              executor: own,
              ...(options.mathRandom === undefined ? {} : { mathRandom: options.mathRandom }),
              ...(tfjs === undefined ? {} : { tfjs }),
              ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
            });
            return { check, results: options.report === true ? await collectReport(check, own, options.onEvent) : undefined };
          }),
        );
        const checks = perRuntime.map((r) => r.check);
        const crossRuntime: CrossRuntimeSet | undefined =
          planOf(scenario).length > 1 && signal?.aborted !== true
            ? {
                scenario: scenario.scenario,
                ...(tfjs === undefined ? {} : { tfjs }),
                outcomes: [
                  ...judgeCrossRuntime(RUNTIME_PAIRINGS, baseRunsIn(checks), reproducesIn(checks)),
                  ...(await replayClaims(scenario, checks, executor, options.onEvent)),
                ],
                expected: options.expectedFor(scenario),
              }
            : undefined;
        return { checks, reports: perRuntime.flatMap((r) => (r.results === undefined ? [] : [r.results])), crossRuntime };
      }),
    ),
  );
  const checks = perScenario.flatMap((s) => s.checks);
  const reports = perScenario.flatMap((s) => s.reports);
  if (signal?.aborted === true) return { checks, reports, crossRuntime: [], unavailable: [], excuseSource: '', ok: false, interrupted: true };
  const crossRuntime = perScenario.flatMap((s) => (s.crossRuntime === undefined ? [] : [s.crossRuntime]));
  const ran = checks.filter((c) => c.backends.some((b) => b.kind === 'ran'));
  const excuses = options.excuses ?? NO_EXCUSES;
  const unavailable = unavailableIn(checks, excuses);
  const allExcused = !unavailable.some(isUnexcused);
  const ok =
    (ran.length > 0 || (unavailable.length > 0 && allExcused)) &&
    allExcused &&
    ran.every((c) => c.ok) &&
    crossRuntime.every((c) => c.outcomes.every((o) => meetsExpectation(o.kind, o.claim, c.expected)));
  return { checks, reports, crossRuntime, unavailable, excuseSource: excuses.source, ok, interrupted: false };
}

/** The backends that could not run (for this machine's sake, or the scenario's), once each, with their excuse. */
function unavailableIn(checks: readonly CheckResult[], excuses: Excuses): UnavailableBackend[] {
  const found = new Map<string, UnavailableBackend>();
  for (const check of checks)
    for (const b of check.backends) {
      // A scenario the runtime cannot build (keras: the seed only; chromium: a module with Node-only
      // imports) fails like any other unavailability: the user asked for it there.
      if (b.kind !== 'unavailable') continue;
      const scenario = b.scope === 'machine' ? undefined : check.scenario.scenario;
      const key = `${check.runtime}/${b.backend}${scenario === undefined ? '' : ` ${scenario}`}`;
      if (found.has(key)) continue;
      found.set(
        key,
        judgeUnavailable(excuses, { runtime: check.runtime, backend: b.backend, ...(scenario === undefined ? {} : { scenario }), reason: b.reason }),
      );
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
  executor: RunExecutor,
  onEvent: ((event: CheckEvent) => void) | undefined,
): Promise<CrossRuntimeOutcome[]> {
  const outcomes: CrossRuntimeOutcome[] = [];
  for (const check of checks) {
    const replay = runtimeNamed(check.runtime).capabilities.replays;
    const source = replay === undefined ? undefined : checks.find((c) => c.runtime === replay.of);
    if (replay === undefined || source === undefined || !canReplay(check, replay.backend, scenario)) continue;
    outcomes.push(...(await replayRuns(source, check.runtime, replay, executor, onEvent)));
  }
  return outcomes;
}

/** Whether the replaying runtime can run its backend: its check's answer when it asked, else asked here once. */
function canReplay(check: CheckResult, backend: BackendName, scenario: ScenarioConfig): boolean {
  const asked = check.backends.find((b) => b.backend === backend);
  return asked === undefined ? unavailableReason(backend, check.runtime, scenario) === undefined : asked.kind === 'ran';
}

async function replayRuns(
  source: CheckResult,
  runtime: RuntimeName,
  replay: RunReplay,
  executor: RunExecutor,
  onEvent: ((event: CheckEvent) => void) | undefined,
) {
  const base = baseRunsIn([source]);
  const sources = source.backends.flatMap((b) => {
    const run = b.kind === 'ran' ? base(source.runtime, b.backend) : undefined;
    return run === undefined ? [] : [{ name: `${source.runtime}/${b.backend}`, run }];
  });
  onEvent?.({
    kind: 'extra-runs',
    runs: sources.length,
    why: `${replay.claim}: ${source.scenario.scenario}'s ${source.runtime} runs again in ${runtime}/${replay.backend}`,
  });
  const settled = await executor.runAll(
    sources.map(({ name, run }) => ({
      key: `${runtime}/${replay.backend} from ${name}`,
      runtime,
      request: { ...run.request, backend: replay.backend, initialWeights: run.initialWeights },
    })),
  );
  return sources.map(({ name, run }): CrossRuntimeOutcome => {
    const outcome = settled.get(`${runtime}/${replay.backend} from ${name}`)!;
    if (!(outcome instanceof ReproError)) return replay.judge(name, run, outcome);
    return {
      claim: replay.claim,
      a: name,
      b: `${runtime}/${replay.backend} (from the same start)`,
      kind: 'inconclusive',
      maxUlp: Number.NaN,
      evidence: `the ${runtime} run failed: ${outcome.message.split('\n')[0]!}`,
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
