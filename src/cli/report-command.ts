import { EXIT_CODES } from '../errors.js';
import { isUnexcused } from '../config/excuses.js';
import { runCheckSet } from '../check/check-set.js';
import { meetsExpectation } from '../invariants/expectations.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { DEFAULT_RUNTIME, RUNTIME_BACKENDS } from '../runtimes/registry.js';
import { collectCheckOptions } from './runtime-options.js';
import { renderReportTerminal } from '../report/render-report-terminal.js';
import { DEFAULT_REPORT_DIR, readReportResults, renderReportFiles, RESULTS_FILE, toReportSet, writeReport, type ReportSet } from '../report/write-report.js';
import { createIssueCollector, type Io, type RawOptions } from './options.js';
import { selectScenarios } from './scenario-selection.js';
import { createProgress } from './progress.js';
import { renderUnavailableText } from '../report/render-check-text.js';
import { runtimeIn } from '../runtimes/runtime-profiles.js';

export async function commandReport(raw: RawOptions, io: Io): Promise<number> {
  if (raw.tfjs !== undefined) return (await import('./atlas-command.js')).commandAtlas(raw, io);
  let set: ReportSet;
  let dir = typeof raw.out === 'string' ? raw.out : DEFAULT_REPORT_DIR;
  if (typeof raw.from === 'string') {
    set = await readReportResults(raw.from);
  } else {
    const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
    if (typeof raw.out !== 'string' && project.reportDir !== undefined) dir = project.reportDir;
    const { collect, add, throwIfAny } = createIssueCollector();
    const { check, timeoutMs } = collectCheckOptions(raw, project, collect, RUNTIME_BACKENDS[DEFAULT_RUNTIME]!);
    for (const scenario of scenarios)
      if (scenario.epochs < 2) add(`--epochs: expected at least 2 for a report of ${scenario.scenario}, got ${scenario.epochs} (number)`);
    throwIfAny();
    if (check === undefined || timeoutMs === undefined) throw new Error('unreachable: validated above');
    const result = await runCheckSet({
      scenarios,
      ...check,
      expectedFor,
      report: true,
      spawnOptions: { timeoutMs, cancelSignal: io.signal },
      onEvent: createProgress(io, Boolean(raw.json)),
    });
    if (result.interrupted) return EXIT_CODES.ok; // main() reports the interrupt
    if (result.unavailable.some(isUnexcused)) {
      // A report is a claim about every runtime it was asked for: nothing is written without them.
      io.stderr.write(`tfjs-repro: nothing written to ${dir}/.${renderUnavailableText(result.unavailable, result.excuseSource)}`);
      return EXIT_CODES['backend-unavailable'];
    }
    set = toReportSet([...result.reports], [...result.crossRuntime]);
  }
  const files = await renderReportFiles(set);
  await writeReport(dir, files);
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  io.stdout.write(
    raw.json
      ? files.get(RESULTS_FILE)!
      : `${set.reports.map((r) => `${r.scenario.scenario}${runtimeIn(r.runtime)}\n${renderReportTerminal(r, palette)}`).join('\n')}\nwrote ${[...files.keys()].length} files to ${dir}/\n`,
  );
  const allHold =
    set.reports.every((r) =>
      r.backends.every(
        (b) => !b.available || b.claims.every((c) => meetsExpectation(c.verdict, c.claim, r.expected, { runtime: r.runtime, backend: b.backend })),
      ),
    ) && set.crossRuntime.every((c) => c.outcomes.every((o) => meetsExpectation(o.kind, o.claim, c.expected)));
  return allHold ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
