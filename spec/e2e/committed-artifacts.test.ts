import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyRun } from '../../src/golden/classify-run.js';
import { goldenRunKey, type GoldenFile } from '../../src/golden/golden-file.js';
import { diffProvenance, goldenProvenanceOf } from '../../src/golden/golden-provenance.js';
import { listGoldenFiles, readGoldenFile } from '../../src/golden/golden-store.js';
import { readReportResults, renderReportFiles, type ReportSet } from '../../src/report/write-report.js';
import { tensorflowUnavailableReason } from '../../src/runtimes/node/tensorflow-addon.js';
import type { BackendName } from '../../src/tfjs/backend-names.js';
import { createRunExecutor } from '../../src/execute/run-executor.js';
import { ReproError } from '../../src/errors.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GOLDEN_DIR = path.join(root, 'fixtures', 'golden');
const REPORT_DIR = path.join(root, 'docs', 'determinism');
const REGENERATE = 'regenerate with `npm run report` and `tfjs-repro golden update --reason "…"`, and commit them';
const BASE = 'loop/reset=none';

// The committed goldens and report, within the suite's budget. The goldens pin each backend's base
// trajectory (case 1, no resets) bit for bit, and the report's curves must be those same numbers:
// so a fresh base run per golden proves both fresh for what every other run starts from. The full
// re-run of every run of both (`npm run test:full`, ~28 full-size runs) is a step of .ci/run
// after `npm test`; the keras goldens' base runs are in keras-artifacts.test.ts.
describe('committed artifacts: the goldens, the report and a fresh base run per golden agree', () => {
  let committed: ReportSet;
  let goldens: { file: string; golden: GoldenFile }[];
  beforeAll(async () => {
    committed = await readReportResults(path.join(REPORT_DIR, 'results.json'));
    const files = (await listGoldenFiles(GOLDEN_DIR)).filter((file) => !path.basename(file).startsWith('keras-'));
    goldens = await Promise.all(files.map(async (file) => ({ file: path.relative(root, file), golden: await readGoldenFile(file) })));
  });

  it('the committed report pages and plots are what the current code renders from the committed results.json', async () => {
    const files = await renderReportFiles(committed);
    for (const [name, text] of files) {
      expect(await readFile(path.join(REPORT_DIR, name), 'utf8'), `docs/determinism/${name} is stale; ${REGENERATE}`).toBe(text);
    }
  });

  it("every golden's base run is the committed report's curve of that scenario, runtime and backend (no run)", () => {
    expect(goldens.map((g) => g.file)).toEqual([
      'fixtures/golden/blobs-dropout-classifier/chromium-wasm.json',
      'fixtures/golden/blobs-dropout-classifier/chromium-webgpu.json',
      'fixtures/golden/blobs-dropout-classifier/cpu.json',
      'fixtures/golden/blobs-dropout-classifier/tensorflow.json',
      'fixtures/golden/blobs-dropout-classifier/wasm.json',
      'fixtures/golden/stateful-lstm-sine/chromium-wasm.json',
      'fixtures/golden/stateful-lstm-sine/cpu.json',
      'fixtures/golden/stateful-lstm-sine/tensorflow.json',
      'fixtures/golden/stateful-lstm-sine/wasm.json',
    ]);
    for (const { file, golden } of goldens) {
      const report = committed.reports.find((r) => r.scenario.scenario === golden.scenario.scenario && r.runtime === golden.provenance.runtime);
      const curve = report?.backends.find((b) => b.backend === golden.backend);
      expect(curve?.available, `${file}: no column in the report`).toBe(true);
      if (curve?.available !== true) continue;
      const base = golden.runs.find((r) => goldenRunKey(r) === BASE)!;
      expect(
        curve.losses[BASE]!.map((p) => p.lossBits),
        `${file} and docs/determinism/results.json disagree; ${REGENERATE}`,
      ).toEqual(base.epochs.map((e) => e.lossBits));
    }
  });

  it('a fresh base run of every Node golden but the cpu ones reproduces it (bitwise on the same provenance; a moved loss is drift)', async () => {
    if (process.env.TFJS_REPRO_REQUIRE_TENSORFLOW === '1') expect(tensorflowUnavailableReason()).toBeUndefined();
    // cpu (pure JS, ~20 s for the seed experiment): its goldens are re-run by `npm run test:full`, and
    // they are the report's cpu curves (the test above), so a stale one still fails there. The
    // chromium/wasm goldens hold the numbers of node/wasm bit for bit (the report's cross-runtime
    // claim, which spec/e2e/browser.test.ts checks on every run of this suite): their own runs
    // in Chromium are in `npm run test:full` too.
    // A machine where tfjs-node could not be built (no pip or compiler) excuses node/tensorflow, and says
    // so, as `--allow-unavailable tensorflow` would; never in CI (TFJS_REPRO_REQUIRE_TENSORFLOW).
    const tensorflowMissing = tensorflowUnavailableReason();
    if (tensorflowMissing !== undefined) console.warn(`excused: node/tensorflow not available (${tensorflowMissing})`);
    const order = goldens.filter(
      ({ golden }) => golden.provenance.runtime === 'node' && golden.backend !== 'cpu' && (golden.backend !== 'tensorflow' || tensorflowMissing === undefined),
    );
    const executor = createRunExecutor({ parallelism: 2 });
    const settled = await executor.runAll(
      order.map(({ file, golden }) => ({
        key: file,
        runtime: golden.provenance.runtime,
        request: { scenario: golden.scenario, case: 'loop' as const, reset: 'none' as const, backend: golden.backend as BackendName },
      })),
    );
    order.forEach(({ file, golden }) => {
      const run = settled.get(file)!;
      expect(run instanceof ReproError ? run.message : 'ran', file).toBe('ran');
      if (run instanceof ReproError) return;
      const changes = diffProvenance(golden.provenance, goldenProvenanceOf(run.provenance));
      // As golden check: the browser build of the chromium goldens and the CPU's vector extensions of
      // native backends may differ on another machine of this kind; then the golden's budget applies.
      expect(
        changes.filter((c) => c.kind !== 'browser' && c.kind !== 'cpu-isa'),
        file,
      ).toEqual([]);
      const verdict = classifyRun(
        golden.runs.find((r) => goldenRunKey(r) === BASE)!,
        run,
        changes.length === 0,
        golden.budget,
      );
      expect(verdict.kind, `${file}: ${JSON.stringify(verdict)}; ${REGENERATE}`).toMatch(changes.length === 0 ? /^identical$/ : /^(identical|within-budget)$/);
    });
    // The check can fail: the same fresh run against its golden with one epoch loss moved by one ULP.
    const first = settled.get(order[0]!.file)!;
    if (!(first instanceof ReproError)) {
      const base = order[0]!.golden.runs.find((r) => goldenRunKey(r) === BASE)!;
      const tampered = {
        ...base,
        epochs: base.epochs.map((e, i) => (i === 9 ? { ...e, lossBits: (Number.parseInt(e.lossBits, 16) + 1).toString(16).padStart(8, '0') } : e)),
      };
      expect(classifyRun(tampered, first, true, order[0]!.golden.budget).kind).toBe('drifted');
    }
  }, 240_000);
});
