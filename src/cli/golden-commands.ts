import { EXIT_CODES, describeValue } from '../errors.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { resolveScenarioConfig } from '../scenario/config.js';
import { assertBackendAvailable } from '../tfjs/backends.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { checkGoldens } from '../golden/check-goldens.js';
import { updateGoldens } from '../golden/update-goldens.js';
import { renderGoldenCheckJson, renderGoldenCheckText, renderGoldenUpdateText } from '../report/render-golden.js';
import { createIssueCollector, isCi, nameOf, numeric, parallelismOf, parseBackends, scenarioOptionsOf, timeoutOf, type Io, type RawOptions } from './options.js';

export async function commandGoldenCheck(raw: RawOptions, io: Io): Promise<number> {
  const dir = String(raw.dir);
  const parallelism = parallelismOf(raw);
  const timeoutMs = timeoutOf(raw);
  const result = await checkGoldens(dir, {
    parallelism,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onRunDone: (label, ms, error) => io.stderr.write(`${label} ${error ? `FAILED: ${error.split('\n')[0]}` : 'done'} in ${(ms / 1000).toFixed(1)} s\n`),
  });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  io.stdout.write(raw.json ? serializeJson(renderGoldenCheckJson(result)) : renderGoldenCheckText(result, io.stdout.isTTY ? ANSI : PLAIN));
  if (result.ok) return EXIT_CODES.ok;
  if (result.files.some((f) => f.kind === 'invalid')) return EXIT_CODES['input-file'];
  if (result.files.some((f) => f.kind === 'failed')) return EXIT_CODES['child-failed'];
  return EXIT_CODES.verdictFailed;
}

export async function commandGoldenUpdate(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { collect, add, throwIfAny } = createIssueCollector();
  const scenario = collect(() => resolveScenarioConfig(scenarioOptionsOf(raw), nameOf));
  const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
  if (reason === '') add(`--reason: expected a non-empty explanation of why the goldens change, got ${describeValue(raw.reason ?? '')}`);
  const backends = collect(() => parseBackends(String(raw.backend))) ?? [];
  let budget;
  if (raw.budgetUlps !== undefined) {
    const ulps = numeric(raw.budgetUlps);
    if (typeof ulps !== 'number' || !Number.isInteger(ulps) || ulps < 0) add(`--budget-ulps: expected an integer ≥ 0, got ${describeValue(ulps)}`);
    else budget = { ulps, reason };
  }
  throwIfAny();
  if (scenario === undefined) throw new Error('unreachable: validated above');
  for (const backend of backends) assertBackendAvailable(backend);
  const updates = await updateGoldens({
    dir: String(raw.dir),
    scenario,
    backends,
    reason,
    budget,
    ci: isCi(env),
    parallelism: parallelismOf(raw),
    spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
    onRunDone: (label, ms) => io.stderr.write(`${label} done in ${(ms / 1000).toFixed(1)} s\n`),
  });
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/golden-update', version: 1, updates }) : renderGoldenUpdateText(updates));
  return EXIT_CODES.ok;
}
