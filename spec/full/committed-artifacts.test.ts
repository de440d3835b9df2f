import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimNamed } from '../../src/invariants/claims.js';
import { checkGoldens, type GoldenCheckResult } from '../../src/golden/check-goldens.js';
import { renderGoldenCheckText } from '../../src/report/render-golden.js';
import { readReportResults, type ReportSet } from '../../src/report/write-report.js';
import { createRunCache } from '../../src/check/run-cache.js';
import { spawnRun } from '../../src/runtimes/node/spawn-run.js';
import { spawnBrowserRun } from '../../src/runtimes/chromium/spawn-browser-run.js';
import { spawnKerasRun } from '../../src/runtimes/keras/spawn-keras-run.js';
import { listGoldenFiles } from '../../src/golden/golden-store.js';
import { runCheckSet } from '../../src/check/check-set.js';
import { backendsIn } from '../../src/runtimes/runtime-profiles.js';
import { resolveProjectConfig } from '../../src/config/project-config.js';
import { tensorflowUnavailableReason } from '../../src/runtimes/node/tensorflow-addon.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GOLDEN_DIR = path.join(root, 'fixtures', 'golden');
const REPORT_DIR = path.join(root, 'docs', 'determinism');
const REGENERATE = 'regenerate with `npm run report` and commit docs/determinism/';
/** A machine where the tensorflow backend could not be set up (no pip, no compiler); never in CI, which requires it. */
const tensorflowMissing = () => tensorflowUnavailableReason() !== undefined && process.env.TFJS_REPRO_REQUIRE_TENSORFLOW !== '1';

// The committed goldens and the committed report are both checked against fresh runs of the
// scenarios in tfjs-repro.config.json (the seed experiment, seed 1, 70 epochs; the dropout
// classifier). They share those runs: each distinct run happens once. This is the full re-run
// (`npm run test:full`, a step of .ci/run after `npm test`); `npm test` re-runs each golden's
// base run only (spec/e2e/committed-artifacts.test.ts).
describe('committed artifacts, checked against fresh real runs', () => {
  // One cache per runtime, shared by the golden check and the report: a run both need happens once;
  // rerun's two identical requests stay two processes (each consumer's n-th call gets the n-th run).
  const caches = { node: createRunCache(spawnRun), chromium: createRunCache(spawnBrowserRun), keras: createRunCache(spawnKerasRun) } as const;
  const goldenSpawns = { node: caches.node(), chromium: caches.chromium(), keras: caches.keras() } as const;
  const reportSpawns = { node: caches.node(), chromium: caches.chromium(), keras: caches.keras() } as const;
  let committed: ReportSet;
  let goldens: GoldenCheckResult;
  let fresh: Awaited<ReturnType<typeof runCheckSet>>;
  // The golden check and the report's re-run start together and share the runs they have in common
  // (the cache hands an unfinished run to its second caller): two children each, so that neither
  // waits on the other's last run with a core idle.
  beforeAll(async () => {
    committed = await readReportResults(path.join(REPORT_DIR, 'results.json'));
    [goldens, fresh] = await Promise.all([checkCommittedGoldens(), rerunReport()]);
  }, 600_000);

  async function checkCommittedGoldens(): Promise<GoldenCheckResult> {
    // The keras goldens' base runs are checked by spec/e2e/keras-artifacts.test.ts (all four runs: `golden check`).
    const only = (await listGoldenFiles(GOLDEN_DIR)).filter((file) => !path.basename(file).startsWith('keras-'));
    return checkGoldens(GOLDEN_DIR, { parallelism: 2, spawnFor: (runtime) => goldenSpawns[runtime as keyof typeof goldenSpawns], only });
  }

  async function rerunReport(): Promise<Awaited<ReturnType<typeof runCheckSet>>> {
    // The repository's config: the expectations (known violations) and each runtime's backends, as
    // for `npm run report`; the runs go through the same execution layer. The keras columns (~27
    // Python runs of 9–16 s) are re-run by `npm run report`, not here (the suite's budget):
    // spec/e2e/keras-artifacts.test.ts checks their base runs against the keras goldens and these curves.
    const project = await resolveProjectConfig(undefined, root);
    const scenarios = [...new Map(committed.reports.map((r) => [r.scenario.scenario, r.scenario])).values()];
    const runtimes = [...new Set(committed.reports.map((r) => r.runtime))].filter((runtime) => runtime !== 'keras');
    const planIn = (own: typeof project.runtimes) =>
      runtimes
        .filter((runtime) => own?.[runtime] !== undefined || own === undefined)
        .map((runtime) => ({ runtime, backends: own?.[runtime] ?? backendsIn(runtime) }));
    return runCheckSet({
      scenarios,
      plan: planIn(project.runtimes),
      // A scenario with runtimes of its own (the dropout classifier adds chromium/webgpu) runs there, as `npm run report` does.
      scenarioPlans: Object.fromEntries(project.scenarios.filter((s) => s.runtimes !== undefined).map((s) => [s.scenario, planIn(s.runtimes)])),
      expectedFor: (scenario) => project.scenarios.find((entry) => entry.scenario === scenario.scenario)?.expected ?? {},
      parallelism: 2,
      report: true,
      spawnOptions: {},
      spawnFor: (runtime) => reportSpawns[runtime as keyof typeof reportSpawns],
    });
  }

  it('the goldens reproduce bit for bit (the CI gate for tfjs and backend upgrades): both built-in scenarios on cpu, wasm, tensorflow and chromium/wasm, the dropout classifier on chromium/webgpu', () => {
    const result = goldens;
    const summary = renderGoldenCheckText(result);
    expect(result.files.length, summary).toBeGreaterThanOrEqual(9);
    // Where the tensorflow backend or the keras runtime could not be set up, their goldens are reported "not available".
    const expectedOf = (f: (typeof result.files)[number]) =>
      tensorflowMissing() && f.file.endsWith(`${path.sep}tensorflow.json`) ? 'unavailable' : 'identical';
    // On a CPU with other vector extensions than the goldens' (native backends only), numbers may
    // move within the golden's budget: classified "within budget", never demanded bit-identical.
    const cpuChanged = (f: (typeof result.files)[number]) => f.kind === 'checked' && f.provenanceChanges.some((c) => c.kind === 'cpu-isa');
    expect(
      result.files.map((f) => (f.kind === 'checked' ? (cpuChanged(f) && f.verdict === 'within-budget' ? 'identical' : f.verdict) : f.kind)),
      summary,
    ).toEqual(result.files.map(expectedOf));
    // Same provenance, except at most the browser build of the chromium goldens (made with Debian's
    // Chromium 156 before goldens recorded it; the npm-shipped 143 measured bit-identical) and the
    // CPU's vector extensions for native backends, which the check names: any other provenance
    // change is a test failure.
    for (const f of result.files) {
      if (f.kind === 'checked')
        expect(
          f.provenanceChanges.filter((c) => c.kind !== 'browser' && c.kind !== 'cpu-isa'),
          `${f.file}\n${summary}`,
        ).toEqual([]);
    }
    expect(result.ok).toBe(true);
  });

  it('the committed results.json is what fresh runs give today (same environment: byte for byte)', () => {
    // The repository's config: both scenarios, in Node, Chromium and Keras (which builds the seed only:
    // the dropout classifier's entry names its runtimes, Node and Chromium with webgpu).
    expect(committed.reports.map((r) => `${r.scenario.scenario}@${r.runtime}`)).toEqual([
      'stateful-lstm-sine@node',
      'stateful-lstm-sine@chromium',
      'stateful-lstm-sine@keras',
      'blobs-dropout-classifier@node',
      'blobs-dropout-classifier@chromium',
    ]);
    // Here: the Node and Chromium columns.
    // A violated claim of two runs with Math.random native (rerun-native-random) differs from run to
    // run by construction: that is what it shows. Its verdict, cause and where it begins are
    // compared; its numbers are not.
    const settled = (report: ReportSet['reports'][number]): ReportSet['reports'][number] => ({
      ...report,
      backends: report.backends.map((b) =>
        b.available
          ? {
              ...b,
              claims: b.claims.map((c) =>
                c.verdict === 'violated' && claimNamed(c.claim).runs[1].mathRandom === 'native'
                  ? {
                      ...c,
                      evidence: '(differs from run to run)',
                      ulpPerEpoch: [],
                      ...(c.diagnosis === undefined ? {} : { diagnosis: { ...c.diagnosis, evidence: '(differs from run to run)' } }),
                    }
                  : c,
              ),
            }
          : b,
      ),
    });
    const ours = (set: ReportSet): ReportSet => ({
      ...set,
      reports: set.reports.filter((r) => r.runtime !== 'keras').map(settled),
      crossRuntime: set.crossRuntime.map((c) => ({ ...c, outcomes: c.outcomes.filter((o) => o.claim !== 'matches-keras') })),
    });
    const checked = fresh;
    const reports = checked.reports.map(settled);
    const crossRuntime = [...checked.crossRuntime];
    const results = { ...ours(committed), reports, crossRuntime };
    // The comparison can fail: a results.json with one epoch loss changed by one ULP is caught.
    const tampered = structuredClone(committed) as unknown as { reports: { backends: { losses?: Record<string, { lossBits: string }[]> }[] }[] };
    const point = tampered.reports[0]!.backends[0]!.losses!['loop/reset=none']![9]!;
    point.lossBits = (Number.parseInt(point.lossBits, 16) + 1).toString(16).padStart(8, '0');
    expect(results).not.toEqual(tampered);

    // Node, platform, packages and, for Chromium, the browser build: all of them must match for bytes to.
    const sameEnvironment = JSON.stringify(reports.map((r) => r.environment)) === JSON.stringify(ours(committed).reports.map((r) => r.environment));
    if (sameEnvironment) {
      expect(results, `docs/determinism/results.json is stale; ${REGENERATE}`).toEqual(ours(committed));
    } else {
      // Another Node, platform or tfjs: the numbers may move, but every verdict must be the same.
      // Without the tensorflow backend (see the golden test above) its column is left out of the comparison.
      const verdicts = (set: ReportSet) =>
        set.reports.map((r) =>
          r.backends
            .filter((b) => !(tensorflowMissing() && b.backend === 'tensorflow'))
            .map((b) => (b.available ? b.claims.map((c) => `${r.scenario.scenario}/${b.backend}/${c.claim}/${c.verdict}`) : [`${b.backend}/unavailable`])),
        );
      expect(verdicts(results), `the guarantees changed in this environment; ${REGENERATE}`).toEqual(verdicts(ours(committed)));
    }
  });
});
