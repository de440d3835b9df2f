import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { runCli } from '../helpers/cli.js';

// The second built-in scenario: a stateless classifier with dropout and fit's shuffling, both
// drawn from the child's seeded Math.random. Small: 150 samples, batches of 30, 3 epochs.
const scenario = resolveScenarioConfig({ scenario: 'blobs-dropout-classifier', seed: 13, samples: 150, batchSize: 30, epochs: 3 });

describe('blobs-dropout-classifier (real tfjs, seed 13)', () => {
  it.each(['cpu', 'wasm'] as const)(
    'on %s: rerun, seed-matters and env-invariance hold; N × fit(1) and fit(N) part at epoch 2 when fit shuffles',
    async (backend) => {
      const result = await runCheck({ scenario, backends: [backend], parallelism: 2 });
      const [outcome] = result.backends;
      if (outcome?.kind !== 'ran') throw new Error(`${backend} must run`);
      const verdicts = Object.fromEntries(outcome.claims.map((c) => [c.claim, c.kind]));
      // No reset claims: the model has no state to reset.
      expect(verdicts).toEqual({
        rerun: 'holds',
        'rerun-native-random': 'violated',
        'loop-equals-single': 'violated',
        'seed-matters': 'holds',
        'env-invariance': 'holds',
      });
      // Measured on tfjs 4.22: epoch 1 is identical, so the first shuffle and dropout masks agree;
      // from epoch 2 the two ways of calling fit draw different Math.random sequences.
      expect(outcome.claims.find((c) => c.claim === 'loop-equals-single')).toMatchObject({ divergence: { epoch: 2, batch: 1 } });
    },
  );

  it('refuses reset claims for it, naming the scenario (exit 2)', async () => {
    const { exitCode, stderr } = await runCli(['check', '--scenario', 'blobs-dropout-classifier', '--claims', 'reset-matters', '--backend', 'cpu']);
    expect(stderr).toMatch(/--claims: reset-matters do not apply to blobs-dropout-classifier, a stateless model/);
    expect(exitCode).toBe(2);
  });

  it('takes its own defaults, and any batch size (no state to keep aligned)', () => {
    expect(resolveScenarioConfig({ scenario: 'blobs-dropout-classifier' })).toMatchObject({
      samples: 300,
      batchSize: 30,
      epochs: 10,
      units: 16,
      layers: 1,
      optimizer: 'adam',
      learningRate: 0.001,
    });
    expect(resolveScenarioConfig({ scenario: 'blobs-dropout-classifier', samples: 100, batchSize: 32 }).batchSize).toBe(32);
  });

  it('is refused by export and fidelity, which cover the seed scenario only (exit 2)', async () => {
    const exported = await runCli(['export', '--scenario', 'blobs-dropout-classifier', '--out', 'never-written.json']);
    expect(exported.stderr).toMatch(/--scenario: export covers the scenarios the float64 reference implements \(stateful-lstm-sine\)/);
    expect(exported.exitCode).toBe(2);
    const fidelity = await runCli(['fidelity', '--scenario', 'blobs-dropout-classifier']);
    expect(fidelity.stderr).toMatch(/--scenario: fidelity covers the scenarios the float64 reference implements \(stateful-lstm-sine\)/);
    expect(fidelity.exitCode).toBe(2);
  });
});
