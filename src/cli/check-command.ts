import { EXIT_CODES } from '../errors.js';
import { judgeCrossRuntime, type CrossRuntimeOutcome } from '../invariants/cross-runtime.js';
import { renderCheckJson } from '../report/render-check-json.js';
import { renderCheckText, renderCrossRuntimeText } from '../report/render-check-text.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { runCheck, type CheckResult, type ExpectedVerdicts } from '../check/run-check.js';
import { assertBackendAvailable, DEFAULT_BACKEND } from '../tfjs/backends.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { spawnFor } from '../check/spawn-for-runtime.js';
import { resolveRuntimePlan } from './runtime-options.js';
import { createIssueCollector, parallelismOf, parseClaims, timeoutOf, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';
import { selectScenarios } from './scenario-selection.js';

export const CHECK_SET_FORMAT = 'tfjs-repro/check-set';

export async function commandCheck(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
  const { collect, add, throwIfAny } = createIssueCollector();
  const plan = collect(() => resolveRuntimePlan(raw, project, [DEFAULT_BACKEND]));
  const claims = collect(() => parseClaims(raw.claims as string | undefined));
  const timeoutMs = collect(() => timeoutOf(raw));
  const parallelism = collect(() => parallelismOf(raw));
  for (const scenario of scenarios) {
    if (scenario.epochs < 2 && (claims === undefined || claims.some((c) => c === 'reset-matters' || c === 'loop-equals-single'))) {
      add(`--epochs: expected at least 2 for check of ${scenario.scenario}, since its claims compare the epochs after the first, got ${scenario.epochs} (number)`);
    }
  }
  throwIfAny();
  if (plan === undefined || timeoutMs === undefined || parallelism === undefined) throw new Error('unreachable: validated above');
  // With one runtime and one backend asked for, its absence is the error; otherwise a column saying why.
  if (plan.length === 1 && plan[0]!.backends.length === 1) assertBackendAvailable(plan[0]!.backends[0]!, plan[0]!.runtime);

  const progress = createProgress(io, Boolean(raw.json));
  const results: CheckResult[] = [];
  const cross: { scenario: string; outcomes: CrossRuntimeOutcome[]; expected: ExpectedVerdicts }[] = [];
  for (const scenario of scenarios) {
    const perRuntime: CheckResult[] = [];
    for (const { runtime, backends } of plan) {
      perRuntime.push(await runCheck({ scenario, expected: expectedFor(scenario), runtime, spawn: spawnFor(runtime), backends, claims, parallelism, spawnOptions: { timeoutMs, cancelSignal: io.signal }, onEvent: progress }));
      if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
    }
    results.push(...perRuntime);
    if (plan.length > 1) cross.push({ scenario: scenario.scenario, outcomes: judgeCrossRuntime(perRuntime), expected: expectedFor(scenario) });
  }
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  // A runtime with nothing available (no Chromium here) is a column saying why, not a failure,
  // as long as something ran somewhere.
  const ran = results.filter((r) => r.backends.some((b) => b.kind === 'ran'));
  const ok = ran.length > 0 && ran.every((r) => r.ok) && cross.every((c) => c.outcomes.every((o) => o.kind === (c.expected[o.claim] ?? 'holds')));
  if (raw.json) {
    // One scenario on one runtime: the check itself; more: a set of them, with the cross-runtime claims.
    const single = results.length === 1 && cross.length === 0;
    io.stdout.write(serializeJson(single ? renderCheckJson(results[0]!) : { format: CHECK_SET_FORMAT, version: 1, ok, checks: results.map(renderCheckJson), crossRuntime: cross }));
  } else {
    io.stdout.write([...results.map((r) => renderCheckText(r, palette)), ...cross.map((c) => renderCrossRuntimeText(c.scenario, c.outcomes, c.expected, palette))].join('\n'));
  }
  const childFailed = results.some((r) => r.backends.some((b) => b.kind === 'ran' && b.claims.some((c) => c.kind === 'error')));
  return ok ? EXIT_CODES.ok : childFailed ? EXIT_CODES['child-failed'] : EXIT_CODES.verdictFailed;
}
