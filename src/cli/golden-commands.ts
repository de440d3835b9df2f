import { EXIT_CODES, describeValue } from '../errors.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { resolveProjectConfig } from '../config/project-config.js';
import { DEFAULT_GOLDEN_DIR } from '../golden/golden-store.js';
import { assertBackendAvailable, DEFAULT_RUNTIME, portableBackendsOf } from '../runtimes/registry.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { checkGoldens, type GoldenCheckResult } from '../golden/check-goldens.js';
import { assertPublished } from '../tfjs-versions/release-plan.js';
import { updateGoldens } from '../golden/update-goldens.js';
import { renderGoldenCheckJson, renderGoldenCheckText, renderGoldenReleaseMatrix, renderGoldenUpdateText } from '../report/render-golden.js';
import { createIssueCollector, isCi, numeric, parallelismOf, parseBackends, timeoutOf, type Io, type RawOptions } from './options.js';
import { excusesOf } from './allow-unavailable.js';
import { selectScenarios } from './scenario-selection.js';
import { resolveRuntimePlan, runtimesOf, tfjsVersionsOf } from './runtime-options.js';

/** What `golden update` records when neither `--backend` nor the config names any: Node's backends that hold on every machine. */
export const DEFAULT_GOLDEN_BACKENDS = portableBackendsOf(DEFAULT_RUNTIME);

export async function commandGoldenCheck(raw: RawOptions, io: Io): Promise<number> {
  // The config registers user scenario modules, whose goldens name them.
  const project = await resolveProjectConfig(typeof raw.config === 'string' ? raw.config : undefined, io.cwd);
  const dir = typeof raw.dir === 'string' ? raw.dir : (project.goldenDir ?? DEFAULT_GOLDEN_DIR);
  const { collect, throwIfAny } = createIssueCollector();
  const parallelism = collect(() => parallelismOf(raw));
  const timeoutMs = collect(() => timeoutOf(raw));
  const runtimes = raw.runtime === undefined ? undefined : collect(() => runtimesOf(raw));
  const backends = raw.backend === undefined ? undefined : collect(() => parseBackends(String(raw.backend)));
  const excuses = collect(() => excusesOf(raw, project));
  const releases = raw.tfjs === undefined ? undefined : collect(() => tfjsVersionsOf(String(raw.tfjs)));
  throwIfAny();
  for (const version of releases ?? []) await assertPublished(version);
  const options = {
    parallelism,
    ...(runtimes === undefined ? {} : { runtimes }),
    ...(backends === undefined ? {} : { backends }),
    excuses,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onRunDone: (label: string, ms: number, error?: string) =>
      io.stderr.write(`${label} ${error ? `FAILED: ${error.split('\n')[0]}` : 'done'} in ${(ms / 1000).toFixed(1)} s\n`),
  };
  // With --tfjs, the goldens once per published release: each golden's drift per release.
  const results =
    releases === undefined ? [await checkGoldens(dir, options)] : await Promise.all(releases.map((tfjs) => checkGoldens(dir, { ...options, tfjs })));
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt
  const palette = io.stdout.isTTY ? ANSI : PLAIN;
  if (releases === undefined) io.stdout.write(raw.json ? serializeJson(renderGoldenCheckJson(results[0]!)) : renderGoldenCheckText(results[0]!, palette));
  else
    io.stdout.write(
      raw.json
        ? serializeJson({
            format: 'tfjs-repro/golden-check-releases',
            version: 1,
            ok: results.every((r) => r.ok),
            releases: results.map((r) => ({ tfjs: r.tfjs, ...renderGoldenCheckJson(r) })),
          })
        : [...results.map((r) => `On tfjs ${r.tfjs}:\n\n${renderGoldenCheckText(r, palette)}`), renderGoldenReleaseMatrix(results)].join('\n'),
    );
  return exitCodeOfGoldenChecks(results);
}

/** The exit code of one or more golden checks: 0 when all are ok, else the worst kind of failure. */
function exitCodeOfGoldenChecks(results: readonly GoldenCheckResult[]): number {
  if (results.every((r) => r.ok)) return EXIT_CODES.ok;
  const files = results.flatMap((r) => r.files);
  if (files.some((f) => f.kind === 'invalid')) return EXIT_CODES['input-file'];
  if (files.some((f) => f.kind === 'failed')) return EXIT_CODES['child-failed'];
  if (files.some((f) => f.kind === 'checked' && f.verdict === 'drifted')) return EXIT_CODES.verdictFailed;
  return EXIT_CODES['backend-unavailable'];
}

export async function commandGoldenUpdate(raw: RawOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { project, scenarios } = await selectScenarios(raw, io.cwd, 'all');
  const { collect, add, throwIfAny } = createIssueCollector();
  const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
  if (reason === '') add(`--reason: expected a non-empty explanation of why the goldens change, got ${describeValue(raw.reason ?? '')}`);
  const plan = collect(() => resolveRuntimePlan(raw, project, DEFAULT_GOLDEN_BACKENDS)) ?? [];
  let budget = project.budgetUlps === undefined ? undefined : { ulps: project.budgetUlps, reason };
  if (raw.budgetUlps !== undefined) {
    const ulps = numeric(raw.budgetUlps);
    if (typeof ulps !== 'number' || !Number.isInteger(ulps) || ulps < 0) add(`--budget-ulps: expected an integer ≥ 0, got ${describeValue(ulps)}`);
    else budget = { ulps, reason };
  }
  throwIfAny();
  for (const { runtime, backends } of plan) for (const backend of backends) assertBackendAvailable(backend, runtime);
  const updates = await updateGoldens({
    dir: typeof raw.dir === 'string' ? raw.dir : (project.goldenDir ?? DEFAULT_GOLDEN_DIR),
    scenarios,
    plan,
    reason,
    budget,
    ci: isCi(env),
    parallelism: parallelismOf(raw),
    spawnOptions: { timeoutMs: timeoutOf(raw), cancelSignal: io.signal },
    onRunDone: (label, ms) => io.stderr.write(`${label} done in ${(ms / 1000).toFixed(1)} s\n`),
    onStaleLock: (message) => io.stderr.write(`golden update: ${message}\n`),
  });
  io.stdout.write(raw.json ? serializeJson({ format: 'tfjs-repro/golden-update', version: 1, updates }) : renderGoldenUpdateText(updates));
  return EXIT_CODES.ok;
}
