import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFidelity } from '../../src/fidelity/run-fidelity.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const SMALL = { seed: 5, samples: 200, batchSize: 50, epochs: 5 };
const tempDir = useTempDir('fidelity');

describe('fidelity against the independent float64 reference (real tfjs, seed 5)', () => {
  it("cpu and wasm follow the Keras Adadelta reference; tfjs's Adadelta departs from it after the first step and follows its own formula", async () => {
    const { backends: outcomes } = await runFidelity({ scenario: resolveScenarioConfig(SMALL), backends: ['cpu', 'wasm'] });
    for (const outcome of outcomes) {
      expect(outcome.kind).toBe('ran');
      if (outcome.kind !== 'ran') continue;
      expect(outcome.holds).toBe(true);
      const [own, tfjsOwn, tfjsVsKeras] = outcome.comparisons;
      expect(own).toMatchObject({ ran: 'adadelta', reference: 'adadelta', matches: true, firstBatchBeyond: null });
      expect(tfjsOwn).toMatchObject({ ran: 'adadelta-tfjs', reference: 'adadelta-tfjs', matches: true });
      expect(tfjsVsKeras).toMatchObject({ ran: 'adadelta-tfjs', reference: 'adadelta', matches: false, firstBatchBeyond: 2 });
      // Batch 1 comes before any update: the forward passes agree to float32 precision.
      expect(tfjsVsKeras!.relFirstBatches[0]).toBeLessThan(1e-6);
    }
  });
});

describe('cross-backend closeness from the same initial weights (real tfjs, seed 5)', () => {
  it('reruns wasm from the weights cpu started with and measures the distance epoch by epoch', async () => {
    const { sameStart } = await runFidelity({ scenario: resolveScenarioConfig({ ...SMALL, optimizer: 'sgd' }), backends: ['cpu', 'wasm'] });
    expect(sameStart).toHaveLength(1);
    const [c] = sameStart;
    expect(c).toMatchObject({ a: 'cpu', b: 'wasm' });
    expect(c!.ulpPerEpoch).toHaveLength(5);
    // Not bitwise (the kernels differ), but float32-close: a handful of ULP.
    for (const ulp of c!.ulpPerEpoch) expect(ulp).toBeLessThan(100);
  });

  it('refuses initial weights that do not fit the model, naming the weight', async () => {
    const { spawnRun } = await import('../../src/runtimes/node/spawn-run.js');
    const { resolveRunRequest } = await import('../../src/trajectory/run-request.js');
    const request = resolveRunRequest({
      scenario: { ...SMALL, epochs: 1 },
      backend: 'cpu',
      initialWeights: [{ name: 'lstm_1/kernel', shape: [1], bits: ['3f800000'] }],
    });
    await expect(spawnRun(request)).rejects.toThrow(
      /initialWeights do not fit the model: lstm_1\/kernel \[1×40\]: given \[1\]; lstm_1\/recurrent_kernel \[10×40\]: missing/,
    );
  });
});

describe('export bundles replay in the reference', () => {
  it.each([
    ['sgd', 'cpu'],
    ['sgd', 'wasm'],
    ['adadelta', 'cpu'],
    ['adadelta', 'wasm'],
  ])('%s on %s: exported, then replayed within the bound', async (optimizer, backend) => {
    const file = path.join(tempDir(), `${optimizer}-${backend}.json`);
    const args = ['--optimizer', optimizer, '--backend', backend, '--seed', '5', '--samples', '200', '--batch-size', '50', '--epochs', '5'];
    const exported = await runCli(['export', ...args, '--out', file]);
    expect(exported.stdout).toMatch(/^wrote .*: data \(200 samples\), initial weights \(lstm_1\/kernel \[1×40\], lstm_1\/recurrent_kernel \[10×40\]/);
    expect(exported.exitCode).toBe(0);
    const bundle = JSON.parse(await readFile(file, 'utf8'));
    expect(bundle).toMatchObject({ format: 'tfjs-repro/export', version: 1, optimizer: { name: optimizer } });
    expect(bundle.data.x.bits).toHaveLength(200);
    const replay = await runCli(['fidelity', '--bundle', file, '--json']);
    expect(JSON.parse(replay.stdout)).toMatchObject({ comparison: { matches: true, reference: optimizer } });
    expect(replay.exitCode).toBe(0);
  });

  it('catches a bundle whose initial weights were changed: the replay departs and exits 1', async () => {
    const file = path.join(tempDir(), 'sgd-cpu.json');
    const bundle = JSON.parse(await readFile(file, 'utf8'));
    // The dense kernel as replayed is not the one the backend trained from.
    const dense = bundle.initialWeights.find((w: { name: string }) => w.name === 'dense/kernel');
    dense.bits = dense.bits.map(() => '3f000000'); // 0.5 everywhere
    const tampered = path.join(tempDir(), 'tampered.json');
    await writeFile(tampered, JSON.stringify(bundle));
    const replay = await runCli(['fidelity', '--bundle', tampered]);
    expect(replay.stdout).toMatch(/departs at batch 1/);
    expect(replay.exitCode).toBe(1);
  });

  it('rejects a missing --out (exit 2) and a bundle that is not one (exit 3)', async () => {
    const missing = await runCli(['export', '--epochs', '2']);
    expect(missing.stderr).toMatch(/--out: expected the path of the bundle to write/);
    expect(missing.exitCode).toBe(2);
    const notBundle = path.join(tempDir(), 'not-a-bundle.json');
    await writeFile(notBundle, '{"format":"tfjs-repro/trajectory"}');
    const bad = await runCli(['fidelity', '--bundle', notBundle]);
    expect(bad.stderr).toMatch(/not-a-bundle\.json: not an export bundle:\n {2}- format: expected "tfjs-repro\/export"/);
    expect(bad.exitCode).toBe(3);
  });
});
