import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { classifyRun } from '../../src/golden/classify-run.js';
import { goldenRunKey } from '../../src/golden/golden-file.js';
import { diffProvenance, goldenProvenanceOf } from '../../src/golden/golden-provenance.js';
import { listGoldenFiles, readGoldenFile } from '../../src/golden/golden-store.js';
import { kerasUnavailableReason } from '../../src/runtimes/keras/keras-environment.js';
import { spawnKerasRun } from '../../src/runtimes/keras/spawn-keras-run.js';
import { readReportResults } from '../../src/report/write-report.js';
import type { BackendName } from '../../src/tfjs/backend-names.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REQUIRED = process.env.TFJS_REPRO_REQUIRE_KERAS === '1';
const unavailable = kerasUnavailableReason('tensorflow');
const REGENERATE = 'regenerate with `npm run report` / `tfjs-repro golden update --runtime keras --reason "…"`';

/**
 * The committed keras goldens of these backends against fresh 70-epoch Python runs of their base
 * run (case 1, no resets): bitwise on the same CPU, and the committed report's keras curve.
 */
export async function expectKerasGoldensReproduce(backends: readonly string[]): Promise<void> {
  if (REQUIRED) expect(unavailable, 'TFJS_REPRO_REQUIRE_KERAS=1 but the keras runtime is not set up').toBeUndefined();
  const all = (await listGoldenFiles(path.join(root, 'fixtures', 'golden'))).filter((file) => path.basename(file).startsWith('keras-'));
  expect(all.map((file) => path.basename(file))).toEqual(['keras-jax.json', 'keras-tensorflow.json', 'keras-torch.json']);
  const files = all.filter((file) => backends.some((backend) => path.basename(file) === `keras-${backend}.json`));
  if (unavailable !== undefined) return; // no Python here: the keras columns say so (keras.test.ts)
  const report = (await readReportResults(path.join(root, 'docs', 'determinism', 'results.json'))).reports.find(
    (r) => r.runtime === 'keras' && r.scenario.scenario === 'stateful-lstm-sine',
  )!;
  // keras/torch where PyTorch's CPU build could not be had (a machine whose pip sees only the index):
  // excused here as `--allow-unavailable keras/torch` would, never in CI (TFJS_REPRO_REQUIRE_KERAS).
  const goldens = (await Promise.all(files.map((file) => readGoldenFile(file)))).filter((golden) => {
    const reason = kerasUnavailableReason(golden.backend);
    if (REQUIRED) expect(reason, `keras/${golden.backend}`).toBeUndefined();
    if (reason !== undefined) console.warn(`excused: keras/${golden.backend} not available (${reason})`);
    return reason === undefined;
  });
  const fresh = await Promise.all(
    goldens.map((golden) => spawnKerasRun({ scenario: golden.scenario, case: 'loop', reset: 'none', backend: golden.backend as BackendName })),
  );
  goldens.forEach((golden, i) => {
    const run = fresh[i]!;
    const base = golden.runs.find((r) => goldenRunKey(r) === 'loop/reset=none')!;
    const changes = diffProvenance(golden.provenance, goldenProvenanceOf(run.provenance));
    // Only the CPU may differ (another machine of the kind): then the golden's budget applies.
    expect(
      changes.filter((c) => c.kind !== 'cpu-isa'),
      `keras/${golden.backend}`,
    ).toEqual([]);
    const verdict = classifyRun(base, run, changes.length === 0, golden.budget);
    expect(verdict.kind, `keras/${golden.backend}: ${JSON.stringify(verdict)}; ${REGENERATE}`).toMatch(
      changes.length === 0 ? /^identical$/ : /^(identical|within-budget)$/,
    );
    // The report's keras column was made from the same run.
    const curve = report.backends.find((b) => b.backend === golden.backend);
    expect(curve?.available).toBe(true);
    if (curve?.available && changes.length === 0)
      expect(
        run.epochs.map((e) => e.lossBits),
        `keras/${golden.backend}: docs/determinism is stale; ${REGENERATE}`,
      ).toEqual(curve.losses['loop/reset=none']!.map((p) => p.lossBits));
    expect(run.provenance).toMatchObject({ runtime: 'keras', backend: golden.backend, python: expect.stringMatching(/^3\.11\./) });
    expect(run.provenance.env).toMatchObject({ KERAS_BACKEND: golden.backend, PYTHONHASHSEED: '0', OMP_NUM_THREADS: '1' });
  });
  // The check can fail: a golden with one loss moved by one ULP is drift on the same provenance.
  const tampered = {
    ...goldens[0]!.runs[0]!,
    epochs: goldens[0]!.runs[0]!.epochs.map((e, i) => (i === 9 ? { ...e, lossBits: (Number.parseInt(e.lossBits, 16) + 1).toString(16).padStart(8, '0') } : e)),
  };
  expect(classifyRun(tampered, fresh[0]!, true, goldens[0]!.budget).kind).toBe('drifted');
}
