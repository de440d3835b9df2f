import { EXIT_CODES } from '../errors.js';
import { renderCheckJson } from '../report/render-check-json.js';
import { renderCheckText } from '../report/render-check-text.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { runCheck, type CheckResult } from '../run/run-check.js';
import { assertBackendAvailable, DEFAULT_BACKEND } from '../tfjs/backends.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { CHROMIUM_BACKENDS, runtimeOf, spawnFor } from './runtime-options.js';
import { createIssueCollector, parallelismOf, parseBackends, parseClaims, timeoutOf, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';
import { selectScenarios } from './scenario-selection.js';

export const CHECK_SET_FORMAT = 'tfjs-repro/check-set';

export async function commandCheck(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
  const { collect, add, throwIfAny } = createIssueCollector();
  const runtime = collect(() => runtimeOf(raw));
  const backends = collect(() => (raw.backend === undefined ? [...(project.backends ?? (runtime === 'chromium' ? CHROMIUM_BACKENDS : [DEFAULT_BACKEND]))] : parseBackends(String(raw.backend))));
  const claims = collect(() => parseClaims(raw.claims as string | undefined));
  const timeoutMs = collect(() => timeoutOf(raw));
  const parallelism = collect(() => parallelismOf(raw));
  for (const scenario of scenarios) {
    if (scenario.epochs < 2 && (claims === undefined || claims.some((c) => c === 'reset-matters' || c === 'loop-equals-single'))) {
      add(`--epochs: expected at least 2 for check of ${scenario.scenario}, since its claims compare the epochs after the first, got ${scenario.epochs} (number)`);
    }
  }
  throwIfAny();
  if (backends === undefined || timeoutMs === undefined || parallelism === undefined || runtime === undefined) throw new Error('unreachable: validated above');
  // With one backend asked for, its absence is the error; with several, it is a column saying why.
  if (backends.length === 1) assertBackendAvailable(backends[0]!, runtime);

  const progress = createProgress(io, Boolean(raw.json));
  const results: CheckResult[] = [];
  for (const scenario of scenarios) {
    results.push(await runCheck({ scenario, expected: expectedFor(scenario), runtime, spawn: spawnFor(runtime), backends, claims, parallelism, spawnOptions: { timeoutMs, cancelSignal: io.signal }, onEvent: progress }));
    if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  }
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  const ok = results.every((r) => r.ok);
  if (raw.json) {
    // One scenario: the check itself; several (from a config): a set of them.
    io.stdout.write(serializeJson(results.length === 1 ? renderCheckJson(results[0]!) : { format: CHECK_SET_FORMAT, version: 1, ok, checks: results.map(renderCheckJson) }));
  } else {
    io.stdout.write(results.map((r) => renderCheckText(r, palette)).join('\n'));
  }
  const childFailed = results.some((r) => r.backends.some((b) => b.kind === 'ran' && b.claims.some((c) => c.kind === 'error')));
  return ok ? EXIT_CODES.ok : childFailed ? EXIT_CODES['child-failed'] : EXIT_CODES.verdictFailed;
}
