import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { kerasUnavailableReason, resolveKerasVenv, venvPython } from '../../src/runtimes/keras/keras-environment.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// tfjs against Keras 3 from the same start, outside `npm test`'s budget (three Python processes).
const unavailable = kerasUnavailableReason('tensorflow');
const REQUIRED = process.env.TFJS_REPRO_REQUIRE_KERAS === '1';
const torchMissing = kerasUnavailableReason('torch');
const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = useTempDir('keras-fidelity');
const THREE_EPOCHS = ['--samples', '200', '--epochs', '3', '--scenario', 'stateful-lstm-sine'];

describe('matches-keras (Keras 3 on TensorFlow in a fresh Python process)', () => {
  it('is set up where CI requires it', () => {
    if (REQUIRED) expect(unavailable, 'TFJS_REPRO_REQUIRE_KERAS=1 but the keras runtime is not set up').toBeUndefined();
  });

  it.runIf(unavailable === undefined)(
    "matches-keras: tfjs and Keras on TensorFlow from the same start stay within the bound; tfjs's stock Adadelta leaves Keras at batch 2; an exported bundle replays in Keras",
    async () => {
      const exported = path.join(temp(), 'bundle.json');
      const [fidelity, exportRun] = await Promise.all([
        runCli(['fidelity', '--keras', '--backend', 'wasm', '--optimizer', 'adadelta', ...THREE_EPOCHS, '--json']),
        runCli(['export', '--backend', 'wasm', '--optimizer', 'sgd', ...THREE_EPOCHS, '--out', exported]),
      ]);
      expect(fidelity.exitCode, fidelity.stderr).toBe(0);
      const { keras } = JSON.parse(fidelity.stdout) as {
        keras: { comparisons: { backend: string; maxRel: number; matches: boolean }[]; stockAdadelta: { relFirstBatches: number[]; firstBatchBeyond: number } };
      };
      expect(keras.comparisons).toEqual([{ backend: 'wasm', relPerEpoch: expect.any(Array), maxRel: expect.any(Number), matches: true }]);
      // Measured: ≤ 2.1e-6 over 70 epochs; the bound is 1e-4.
      expect(keras.comparisons[0]!.maxRel).toBeLessThan(1e-5);
      // Batch 1 is before any update (the same forward pass); stock Adadelta's first step is a full gradient step.
      expect(keras.stockAdadelta.relFirstBatches[0]).toBeLessThan(1e-6);
      expect(keras.stockAdadelta.firstBatchBeyond).toBe(2);
      expect(keras.stockAdadelta.relFirstBatches[1]).toBeGreaterThan(0.1);

      // The export bundle's Keras recipe is python/replay_bundle.py, run here on a real bundle.
      expect(exportRun.exitCode, exportRun.stderr).toBe(0);
      const replay = await execa(venvPython(resolveKerasVenv()), [path.join(root, 'python', 'replay_bundle.py'), exported, '--json'], {
        reject: false,
        env: {
          KERAS_BACKEND: torchMissing === undefined ? 'torch' : 'tensorflow',
          OMP_NUM_THREADS: '1',
          KERAS_HOME: path.join(resolveKerasVenv(), 'keras-home'),
        },
        extendEnv: false,
        timeout: 120_000,
      });
      expect(replay.exitCode, replay.stderr).toBe(0);
      const rows = (JSON.parse(replay.stdout) as { epochs: { keras: number; tfjs: number }[] }).epochs;
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(Math.abs(row.keras - row.tfjs) / Math.abs(row.tfjs)).toBeLessThan(1e-4);
    },
    180_000,
  );
});
