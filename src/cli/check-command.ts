import { EXIT_CODES } from '../errors.js';
import { renderCheckJson } from '../report/render-check-json.js';
import { renderCheckText } from '../report/render-check-text.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { runCheck } from '../run/run-check.js';
import { resolveScenarioConfig } from '../scenario/config.js';
import { assertBackendAvailable } from '../tfjs/backends.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { createIssueCollector, nameOf, parallelismOf, parseBackends, parseClaims, scenarioOptionsOf, timeoutOf, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';

export async function commandCheck(raw: RawOptions, io: Io): Promise<number> {
  const { collect, add, throwIfAny } = createIssueCollector();
  const scenario = collect(() => resolveScenarioConfig(scenarioOptionsOf(raw), nameOf));
  const backends = collect(() => parseBackends(String(raw.backend)));
  const claims = collect(() => parseClaims(raw.claims as string | undefined));
  const timeoutMs = collect(() => timeoutOf(raw));
  const parallelism = collect(() => parallelismOf(raw));
  if (scenario !== undefined && scenario.epochs < 2 && (claims === undefined || claims.includes('reset-matters'))) {
    add(`--epochs: expected at least 2 for check, since reset-matters compares the epochs after the first, got ${scenario.epochs} (number)`);
  }
  throwIfAny();
  if (scenario === undefined || backends === undefined || timeoutMs === undefined || parallelism === undefined) throw new Error('unreachable: validated above');
  // With one backend asked for, its absence is the error; with several, it is a column saying why.
  if (backends.length === 1) assertBackendAvailable(backends[0]!);

  const progress = createProgress(io, Boolean(raw.json));
  const result = await runCheck({
    scenario,
    backends,
    claims,
    parallelism,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onEvent: progress,
  });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  io.stdout.write(raw.json ? serializeJson(renderCheckJson(result)) : renderCheckText(result, io.stdout.isTTY ? ANSI : PLAIN));
  const childFailed = result.backends.some((b) => b.kind === 'ran' && b.claims.some((c) => c.kind === 'error'));
  return result.ok ? EXIT_CODES.ok : childFailed ? EXIT_CODES['child-failed'] : EXIT_CODES.verdictFailed;
}
