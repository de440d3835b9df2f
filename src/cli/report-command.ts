import { EXIT_CODES } from '../errors.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { resolveScenarioConfig } from '../scenario/config.js';
import { collectReport } from '../report/report-results.js';
import { renderReportTerminal } from '../report/render-report-terminal.js';
import { readReportResults, renderReportFiles, writeReport } from '../report/write-report.js';
import { createIssueCollector, nameOf, parallelismOf, parseBackends, scenarioOptionsOf, timeoutOf, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';

export async function commandReport(raw: RawOptions, io: Io): Promise<number> {
  const dir = String(raw.out);
  let results;
  if (typeof raw.from === 'string') {
    results = await readReportResults(raw.from);
  } else {
    const { collect, add, throwIfAny } = createIssueCollector();
    const scenario = collect(() => resolveScenarioConfig(scenarioOptionsOf(raw), nameOf));
    const backends = collect(() => parseBackends(String(raw.backend))) ?? [];
    if (scenario !== undefined && scenario.epochs < 2) add(`--epochs: expected at least 2 for a report, got ${scenario.epochs} (number)`);
    throwIfAny();
    if (scenario === undefined) throw new Error('unreachable: validated above');
    const collected = await collectReport({
      scenario,
      backends,
      parallelism: parallelismOf(raw),
      spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
      onEvent: createProgress(io, Boolean(raw.json)),
    });
    if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
    results = collected.results;
  }
  const files = await renderReportFiles(results);
  await writeReport(dir, files);
  io.stdout.write(raw.json ? files.get('results.json')! : `${renderReportTerminal(results, io.stdout.isTTY ? ANSI : PLAIN)}\nwrote ${[...files.keys()].length} files to ${dir}/\n`);
  const allHold = results.backends.every((b) => !b.available || b.claims.every((c) => c.verdict === 'holds'));
  return allHold ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
