import { EXIT_CODES } from '../errors.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { collectReport, type ReportResults } from '../report/report-results.js';
import { judgeCrossRuntime } from '../invariants/cross-runtime.js';
import type { CheckResult } from '../check/run-check.js';
import { RUNTIME_BACKENDS } from '../run/runtime-backends.js';
import { resolveRuntimePlan } from './runtime-options.js';
import { renderReportTerminal } from '../report/render-report-terminal.js';
import { DEFAULT_REPORT_DIR, readReportResults, renderReportFiles, RESULTS_FILE, toReportSet, writeReport, type ReportSet } from '../report/write-report.js';
import { createIssueCollector, parallelismOf, timeoutOf, type Io, type RawOptions } from './options.js';
import { selectScenarios } from './scenario-selection.js';
import { createProgress } from './progress.js';

export async function commandReport(raw: RawOptions, io: Io): Promise<number> {
  let set: ReportSet;
  let dir = typeof raw.out === 'string' ? raw.out : DEFAULT_REPORT_DIR;
  if (typeof raw.from === 'string') {
    set = await readReportResults(raw.from);
  } else {
    const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
    if (typeof raw.out !== 'string' && project.reportDir !== undefined) dir = project.reportDir;
    const { collect, add, throwIfAny } = createIssueCollector();
    const plan = collect(() => resolveRuntimePlan(raw, project, RUNTIME_BACKENDS.node)) ?? [];
    for (const scenario of scenarios) if (scenario.epochs < 2) add(`--epochs: expected at least 2 for a report of ${scenario.scenario}, got ${scenario.epochs} (number)`);
    throwIfAny();
    const reports: ReportResults[] = [];
    const crossRuntime: ReportSet['crossRuntime'][number][] = [];
    for (const scenario of scenarios) {
      const checks: CheckResult[] = [];
      for (const { runtime, backends } of plan) {
      const collected = await collectReport({
        scenario,
        runtime,
        expected: expectedFor(scenario),
        backends,
        parallelism: parallelismOf(raw),
        spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
        onEvent: createProgress(io, Boolean(raw.json)),
      });
      if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
      reports.push(collected.results);
      checks.push(collected.check);
      }
      if (plan.length > 1) crossRuntime.push({ scenario: scenario.scenario, outcomes: judgeCrossRuntime(checks), expected: expectedFor(scenario) });
    }
    set = toReportSet(reports, crossRuntime);
  }
  const files = await renderReportFiles(set);
  await writeReport(dir, files);
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  io.stdout.write(
    raw.json
      ? files.get(RESULTS_FILE)!
      : `${set.reports.map((r) => `${r.scenario.scenario}${r.runtime === 'node' ? '' : ` in ${r.runtime}`}\n${renderReportTerminal(r, palette)}`).join('\n')}\nwrote ${[...files.keys()].length} files to ${dir}/\n`,
  );
  const allHold =
    set.reports.every((r) => r.backends.every((b) => !b.available || b.claims.every((c) => c.verdict === (r.expected[c.claim] ?? 'holds')))) &&
    set.crossRuntime.every((c) => c.outcomes.every((o) => o.kind === (c.expected[o.claim] ?? 'holds')));
  return allHold ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
