import { EXIT_CODES } from '../errors.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { collectReport, type ReportResults } from '../report/report-results.js';
import { BACKEND_NAMES } from '../tfjs/backends.js';
import { renderReportTerminal } from '../report/render-report-terminal.js';
import { DEFAULT_REPORT_DIR, readReportResults, renderReportFiles, RESULTS_FILE, toReportSet, writeReport, type ReportSet } from '../report/write-report.js';
import { createIssueCollector, parallelismOf, parseBackends, timeoutOf, type Io, type RawOptions } from './options.js';
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
    const backends = collect(() => (raw.backend === undefined ? [...(project.backends ?? BACKEND_NAMES)] : parseBackends(String(raw.backend)))) ?? [];
    for (const scenario of scenarios) if (scenario.epochs < 2) add(`--epochs: expected at least 2 for a report of ${scenario.scenario}, got ${scenario.epochs} (number)`);
    throwIfAny();
    const reports: ReportResults[] = [];
    for (const scenario of scenarios) {
      const collected = await collectReport({
        scenario,
        expected: expectedFor(scenario),
        backends,
        parallelism: parallelismOf(raw),
        spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
        onEvent: createProgress(io, Boolean(raw.json)),
      });
      if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
      reports.push(collected.results);
    }
    set = toReportSet(reports);
  }
  const files = await renderReportFiles(set);
  await writeReport(dir, files);
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  io.stdout.write(
    raw.json
      ? files.get(RESULTS_FILE)!
      : `${set.reports.map((r) => `${r.scenario.scenario}\n${renderReportTerminal(r, palette)}`).join('\n')}\nwrote ${[...files.keys()].length} files to ${dir}/\n`,
  );
  const allHold = set.reports.every((r) => r.backends.every((b) => !b.available || b.claims.every((c) => c.verdict === (r.expected[c.claim] ?? 'holds'))));
  return allHold ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
