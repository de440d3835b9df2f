import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGoldens, type GoldenFileOutcome } from '../../src/golden/check-goldens.js';
import type { GoldenFile } from '../../src/golden/golden-file.js';
import { updateGoldens } from '../../src/golden/update-goldens.js';
import { driftOf } from '../../src/report/render-golden.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { float32ToHex, hexToFloat32 } from '../../src/trajectory/float32.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const scenario = resolveScenarioConfig({ seed: 11, samples: 200, batchSize: 50, epochs: 3 });
const tempDir = useTempDir('golden');

/** Moves the loss of batch `index` of run 0 by `ulps`, keeping its decimal consistent with its hex. */
function bump(golden: GoldenFile, index: number, ulps: number): GoldenFile {
  const runs = structuredClone(golden.runs) as GoldenFile['runs'] & { batches: { loss: number | null; lossBits: string }[] }[];
  const point = runs[0]!.batches[index]!;
  const bits = (Number.parseInt(point.lossBits, 16) + ulps) >>> 0;
  point.lossBits = bits.toString(16).padStart(8, '0');
  point.loss = hexToFloat32(point.lossBits);
  return { ...golden, runs };
}

/** The golden's first-step trace with the first output of kernel `name` changed, as an upgrade that changes that kernel would record it. */
function alterKernel(golden: GoldenFile, name: string): GoldenFile {
  const trace = structuredClone(golden.kernelTrace!) as unknown as { entries: { kernel: string; outputs: string[] }[] };
  const entry = trace.entries.find((e) => e.kernel === name)!;
  entry.outputs[0] = '0123456789abcdef';
  return { ...golden, kernelTrace: trace as unknown as GoldenFile['kernelTrace'] };
}

function upgraded(golden: GoldenFile, budgetUlps = golden.budget.ulps): GoldenFile {
  return {
    ...golden,
    provenance: { ...golden.provenance, packages: { ...golden.provenance.packages, '@tensorflow/tfjs-core': '4.21.0' } },
    budget: { ulps: budgetUlps, reason: 'test: a recorded budget' },
  };
}

describe('golden check classifies a simulated upgrade (cpu, seed 11, 3 epochs)', () => {
  let source: GoldenFile;
  let outcomes: Map<string, GoldenFileOutcome>;

  beforeAll(async () => {
    const dir = path.join(tempDir(), 'source');
    const [update] = await updateGoldens({
      dir,
      scenarios: [scenario],
      plan: [{ runtime: 'node', backends: ['cpu'] }],
      reason: 'test fixture',
      ci: false,
      parallelism: 2,
    });
    expect(update).toMatchObject({ classification: 'initial' });
    source = JSON.parse(await readFile(update!.file, 'utf8'));
    const variants: Record<string, GoldenFile | string> = {
      'same-provenance-same-numbers': source,
      'upgrade-same-numbers': upgraded(source),
      'upgrade-within-budget': bump(upgraded(source, 4), 5, 2),
      'upgrade-beyond-budget': bump(upgraded(source, 4), 5, 50),
      'same-provenance-one-ulp': bump(source, 7, 1),
      'upgrade-kernel-changed': alterKernel(bump(upgraded(source, 4), 5, 50), 'Tanh'),
      'hand-edited-decimal': JSON.stringify({
        ...source,
        runs: [{ ...source.runs[0], epochs: [{ ...source.runs[0]!.epochs[0], loss: 0.25 }, ...source.runs[0]!.epochs.slice(1)] }, ...source.runs.slice(1)],
      }),
    };
    const checked = path.join(tempDir(), 'variants');
    for (const [name, golden] of Object.entries(variants)) {
      await mkdir(path.join(checked, name), { recursive: true });
      await writeFile(path.join(checked, name, 'cpu.json'), typeof golden === 'string' ? golden : JSON.stringify(golden));
    }
    const result = await checkGoldens(checked, { parallelism: 2 });
    expect(result.ok).toBe(false);
    outcomes = new Map(result.files.map((f) => [path.basename(path.dirname(f.file)), f]));
  });

  it('same provenance, same numbers: identical', () => {
    expect(outcomes.get('same-provenance-same-numbers')).toMatchObject({ kind: 'checked', verdict: 'identical', sameProvenance: true });
  });

  it('another tfjs version with the same numbers: identical, naming the version change', () => {
    expect(outcomes.get('upgrade-same-numbers')).toMatchObject({
      kind: 'checked',
      verdict: 'identical',
      sameProvenance: false,
      provenanceChanges: [{ kind: 'package', name: '@tensorflow/tfjs-core', from: '4.21.0', to: '4.22.0' }],
    });
  });

  it('another tfjs version, numbers 2 ULP away under a 4-ULP budget: within-budget', () => {
    expect(outcomes.get('upgrade-within-budget')).toMatchObject({
      kind: 'checked',
      verdict: 'within-budget',
      runs: [{ key: 'loop/reset=none', classification: { kind: 'within-budget', max: { ulp: 2 } } }, {}, {}, {}],
    });
  });

  it('another tfjs version, numbers 50 ULP away under a 4-ULP budget: drifted, with the first divergence', () => {
    const outcome = outcomes.get('upgrade-beyond-budget');
    expect(outcome).toMatchObject({
      kind: 'checked',
      verdict: 'drifted',
      runs: [{ classification: { kind: 'drifted', reason: 'beyond the budget of 4 ULP', first: { epoch: 2, batch: 2, ulp: 50 } } }, {}, {}, {}],
    });
    // Why: the version change, from the first batch whose numbers moved; the first step's kernels,
    // traced again against the golden's trace, all agree: it begins later.
    expect(driftOf(outcome as Extract<GoldenFileOutcome, { kind: 'checked' }>)).toMatchObject({
      cause: 'version',
      origin: { epoch: 2, batch: 2 },
      evidence: expect.stringMatching(
        /^@tensorflow\/tfjs-core: 4\.21\.0 → 4\.22\.0 changes the numbers first at epoch 2 batch 2; every kernel of the first training step \(\d+\) still gives the golden's outputs: the change begins later$/,
      ) as unknown,
    });
  });

  it("golden update records the first step's kernel trace; on drift, golden check names the first kernel whose output changed (the golden's trace altered at one kernel)", () => {
    expect(source.kernelTrace?.upTo).toEqual({ epoch: 1, batch: 1 });
    expect(source.kernelTrace!.entries.length).toBeGreaterThan(300);
    const outcome = outcomes.get('upgrade-kernel-changed') as Extract<GoldenFileOutcome, { kind: 'checked' }>;
    expect(outcome).toMatchObject({ verdict: 'drifted', kernelDifference: { kind: 'origin', entry: { kernel: 'Tanh' } } });
    expect(driftOf(outcome)).toMatchObject({
      cause: 'version',
      origin: { epoch: 1, batch: 1, phase: 'forward', kernel: 'Tanh', layer: 'lstm_1' },
      evidence: expect.stringMatching(
        /^@tensorflow\/tfjs-core: 4\.21\.0 → 4\.22\.0 changes the output of Tanh in lstm_1 first \(its inputs unchanged\), at epoch 1 batch 1, and the numbers first at epoch 2 batch 2$/,
      ) as unknown,
    });
  });

  it('same provenance and one ULP off: drifted, since it must be bit-identical', () => {
    expect(outcomes.get('same-provenance-one-ulp')).toMatchObject({
      kind: 'checked',
      verdict: 'drifted',
      runs: [
        { classification: { kind: 'drifted', reason: 'same provenance, so the numbers must be bit-identical', first: { epoch: 2, batch: 4, ulp: 1 } } },
        {},
        {},
        {},
      ],
    });
  });

  it('a hand-edited decimal: invalid, naming the file and the field', () => {
    const outcome = outcomes.get('hand-edited-decimal');
    expect(outcome?.kind).toBe('invalid');
    expect(outcome?.kind === 'invalid' && outcome.error.message).toMatch(
      /hand-edited-decimal\/cpu\.json: not a valid golden file:\n {2}- runs\[0\]\.epochs\[0\]\.loss: disagrees with lossBits [0-9a-f]{8} .*got 0\.25 \(number\)/,
    );
  });

  it('keeps the float32 codec exact for the bumped values', () => {
    expect(float32ToHex(hexToFloat32(bump(source, 5, 2).runs[0]!.batches[5]!.lossBits))).toBe(bump(source, 5, 2).runs[0]!.batches[5]!.lossBits);
  });
});

describe('golden CLI', () => {
  it('exits 1 on drift, 3 on an invalid file, and 0 when every golden reproduces', async () => {
    const dir = path.join(tempDir(), 'cli');
    await cp(path.join(tempDir(), 'source'), path.join(dir, 'good'), { recursive: true });
    expect((await runCli(['golden', 'check', '--dir', path.join(dir, 'good')])).exitCode).toBe(0);

    const drifted = path.join(dir, 'drifted');
    await cp(path.join(dir, 'good'), drifted, { recursive: true });
    const file = path.join(drifted, 'stateful-lstm-sine', 'cpu.json');
    await writeFile(file, JSON.stringify(bump(JSON.parse(await readFile(file, 'utf8')), 0, 3)));
    const drift = await runCli(['golden', 'check', '--dir', drifted]);
    expect(drift.stdout).toMatch(
      /cpu\.json: DRIFTED \(same provenance: must be bit-identical\)\n {2}loop\/reset=none: drifted \(same provenance, so the numbers must be bit-identical\); first divergence epoch 1 batch 1: .* 3 ULP/,
    );
    expect(drift.stdout).toMatch(
      /\n {2}why: unknown, from epoch 1 batch 1: the provenance is the same, yet the numbers first at epoch 1 batch 1 changed: something it does not record changed/,
    );
    expect(drift.exitCode).toBe(1);

    await writeFile(file, '{"format": "tfjs-repro/golden", "version": 2}');
    const invalid = await runCli(['golden', 'check', '--dir', drifted]);
    expect(invalid.stdout).toMatch(/version: expected 1, got 2 \(number\) \(written by a newer tfjs-repro; upgrade it\)/);
    expect(invalid.exitCode).toBe(3);
  });

  it('fails when there are no goldens at all, never a silent pass', async () => {
    const empty = path.join(tempDir(), 'empty');
    await mkdir(empty);
    const { exitCode, stderr } = await runCli(['golden', 'check', '--dir', empty]);
    expect(stderr).toMatch(/no golden files/);
    expect(exitCode).toBe(3);
  });

  it('golden update refuses to run when CI is set, and requires a reason', async () => {
    const ci = await runCli(['golden', 'update', '--reason', 'x', '--dir', path.join(tempDir(), 'ci')], { env: { CI: 'true' } });
    expect(ci.stderr).toMatch(/golden update refuses to run in CI/);
    expect(ci.exitCode).toBe(2);
    const noReason = await runCli(['golden', 'update', '--dir', path.join(tempDir(), 'ci')]);
    expect(noReason.stderr).toMatch(/--reason: expected a non-empty explanation/);
    expect(noReason.exitCode).toBe(2);
  });

  it('golden update records the reason and the classification against the previous golden', async () => {
    const dir = path.join(tempDir(), 'history');
    await cp(path.join(tempDir(), 'source'), dir, { recursive: true });
    const { exitCode, stdout } = await runCli([
      'golden',
      'update',
      '--dir',
      dir,
      '--backend',
      'cpu',
      '--reason',
      'rerun for the test',
      '--seed',
      '11',
      '--samples',
      '200',
      '--batch-size',
      '50',
      '--epochs',
      '3',
    ]);
    expect(stdout).toMatch(/wrote .*cpu\.json: identical against the previous golden/);
    expect(exitCode).toBe(0);
    const golden: GoldenFile = JSON.parse(await readFile(path.join(dir, 'stateful-lstm-sine', 'cpu.json'), 'utf8'));
    expect(golden.history.map((h) => [h.reason, h.classification])).toEqual([
      ['test fixture', 'initial'],
      ['rerun for the test', 'identical'],
    ]);
  });
});
