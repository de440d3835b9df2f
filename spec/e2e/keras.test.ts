import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { KERAS_REQUIREMENTS, kerasUnavailableReason, resolveKerasVenv, venvPython } from '../../src/keras/keras-environment.js';
import { spawnKerasRun } from '../../src/keras/spawn-keras-run.js';
import { resolveRunRequest } from '../../src/run/run-request.js';
import { digestWeights } from '../../src/trajectory/weight-digest.js';
import { ReproError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// The keras runtime: Keras 3 in fresh Python processes, from the virtual environment that `npm ci`
// makes (prepare → `tfjs-repro setup keras`). Where it cannot be made (no Python 3.11, no index),
// the runtime reports "not available" and why; .ci/run sets TFJS_REPRO_REQUIRE_KERAS=1 so that CI
// on this project's machines cannot pass without the real runtime.
const unavailable = kerasUnavailableReason('jax');
const REQUIRED = process.env.TFJS_REPRO_REQUIRE_KERAS === '1';
const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = useTempDir('keras');
const fixture = (name: string) => path.join(root, 'spec', 'fixtures', 'keras-children', name);

// Small seed experiment: 2 × stateful LSTM(10), 200 samples in batches of 100, 2 epochs.
const SMALL = ['--samples', '200', '--epochs', '2', '--scenario', 'stateful-lstm-sine'];
const request = resolveRunRequest({ backend: 'jax', scenario: { samples: 200, epochs: 2 } });

describe('the keras runtime (Keras 3 on TensorFlow, JAX and PyTorch, in fresh Python processes)', () => {
  it('is set up by npm ci; where it cannot be, its columns say why and name the set-up command', async () => {
    if (REQUIRED) expect(unavailable, 'TFJS_REPRO_REQUIRE_KERAS=1 but the keras runtime is not set up').toBeUndefined();
    const missing = await runCli(['check', '--runtime', 'keras', '--backend', 'jax', ...SMALL], { env: { TFJS_REPRO_KERAS_VENV: '/nonexistent/venv' } });
    expect(missing.stdout).toMatch(/jax +not available +no Keras environment at \/nonexistent\/venv; run `npx tfjs-repro setup keras`/);
    expect(missing.exitCode).toBe(4);
    // A tfjs backend in the keras runtime, and a scenario Keras does not build, say so too.
    const wrong = await runCli(['run', '--runtime', 'keras', '--backend', 'wasm', ...SMALL]);
    expect(wrong.stderr).toMatch(/--backend wasm \(--runtime keras\): the keras runtime runs Keras 3 on tensorflow, jax, torch/);
    expect(wrong.exitCode).toBe(4);
  });

  it.runIf(unavailable === undefined)(
    'check --runtime keras: the seed claims from real Python runs, with first divergences; JAX drops the states (reset-matters VIOLATED)',
    async () => {
      // All claims on JAX (the fastest to start); the two that the seed answer is about on the other two.
      const [jax, others] = await Promise.all([
        runCli(['check', '--runtime', 'keras', '--backend', 'jax', ...SMALL, '--json']),
        runCli(['check', '--runtime', 'keras', '--backend', 'tensorflow,torch', '--claims', 'loop-equals-single,reset-matters', ...SMALL, '--json']),
      ]);
      const verdicts = (stdout: string) =>
        Object.fromEntries(
          (JSON.parse(stdout) as { backends: { backend: string; claims: { claim: string; verdict: string }[] }[] }).backends.flatMap((b) =>
            b.claims.map((c) => [`${b.backend}/${c.claim}`, c.verdict]),
          ),
        );
      expect(verdicts(jax.stdout), jax.stderr).toEqual({
        'jax/rerun': 'holds',
        'jax/loop-equals-single': 'holds',
        // Keras 3.15.1 on JAX: a stateful LSTM's states stay zero through fit; resetting them changes nothing.
        'jax/reset-matters': 'violated',
        'jax/callback-equals-loop': 'holds',
        'jax/seed-matters': 'holds',
        'jax/env-invariance': 'holds',
        'jax/threads-invariance': 'holds',
      });
      expect(verdicts(others.stdout), others.stderr).toEqual({
        'tensorflow/loop-equals-single': 'holds',
        'tensorflow/reset-matters': 'holds',
        'torch/loop-equals-single': 'holds',
        'torch/reset-matters': 'holds',
      });
      // Outside the repository there is no config recording JAX's violation: the check fails (exit 1).
      expect(jax.exitCode).toBe(1);
      expect(others.exitCode, others.stderr).toBe(0);
    },
    240_000,
  );

  it.runIf(unavailable === undefined)("a run records Keras, its backend and Python in provenance, and the data is tfjs-repro's own", async () => {
    const { exitCode, stdout, stderr } = await runCli(['run', '--runtime', 'keras', '--backend', 'jax', ...SMALL, '--json']);
    expect(exitCode, stderr).toBe(0);
    const run = JSON.parse(stdout);
    expect(run.provenance).toMatchObject({ runtime: 'keras', backend: 'jax', node: process.version, python: expect.stringMatching(/^3\.11\./) });
    expect(run.provenance.packages).toMatchObject({ keras: '3.15.1', jax: '0.10.2', jaxlib: '0.10.2' });
    expect(run.provenance.env).toMatchObject({
      KERAS_BACKEND: 'jax',
      PYTHONHASHSEED: '0',
      XLA_FLAGS: expect.stringContaining('intra_op_parallelism_threads=1'),
    });
    expect(run.epochs).toHaveLength(2);
    expect(run.batches).toHaveLength(4);
    expect(run.initialWeights.map((w: { name: string }) => w.name)).toEqual([
      'lstm_1/kernel',
      'lstm_1/recurrent_kernel',
      'lstm_1/bias',
      'lstm_2/kernel',
      'lstm_2/recurrent_kernel',
      'lstm_2/bias',
      'dense/kernel',
      'dense/bias',
    ]);
  });

  it.runIf(unavailable === undefined)(
    "matches-keras: tfjs and Keras on TensorFlow from the same start stay within the bound; tfjs's stock Adadelta leaves Keras at batch 2; an exported bundle replays in Keras",
    async () => {
      const exported = path.join(temp(), 'bundle.json');
      const [fidelity, exportRun] = await Promise.all([
        runCli([
          'fidelity',
          '--keras',
          '--backend',
          'wasm',
          '--optimizer',
          'adadelta',
          '--samples',
          '200',
          '--epochs',
          '3',
          '--scenario',
          'stateful-lstm-sine',
          '--json',
        ]),
        runCli([
          'export',
          '--backend',
          'wasm',
          '--optimizer',
          'sgd',
          '--samples',
          '200',
          '--epochs',
          '3',
          '--scenario',
          'stateful-lstm-sine',
          '--out',
          exported,
        ]),
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
        env: { KERAS_BACKEND: 'tensorflow', TF_CPP_MIN_LOG_LEVEL: '3', KERAS_HOME: path.join(resolveKerasVenv(), 'keras-home') },
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

  it('the Python side passes its own tests (bit patterns, digests as Node computes them, protocol, the upstream canary)', async () => {
    // Node's digest of the same weights that python/tests expects: the two sides agree.
    expect(digestWeights([new Float32Array([1, 2]), new Float32Array([3])])).toBe('8e628779e6a74ee0');
    if (unavailable !== undefined) return;
    const result = await execa(venvPython(resolveKerasVenv()), ['-m', 'unittest', 'discover', '-s', 'python/tests', '-v'], {
      cwd: root,
      reject: false,
      env: { KERAS_HOME: path.join(resolveKerasVenv(), 'keras-home') },
      timeout: 120_000,
    });
    expect(result.stderr).toMatch(/Ran \d+ tests/);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(KERAS_REQUIREMENTS).toMatch(/requirements-keras\.txt$/);
  });

  it.runIf(unavailable === undefined)(
    'a child that breaks the protocol, crashes or hangs fails the run with the reason, its stderr and the reproduce command',
    async () => {
      const failure = async (name: string, timeoutMs?: number) => {
        const error = await spawnKerasRun(request, { childEntry: fixture(name), timeoutMs }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ReproError);
        return error as ReproError;
      };
      const [garbage, crash, hang] = await Promise.all([failure('garbage.py'), failure('crash.py'), failure('hang.py', 1_500)]);
      expect(garbage.message).toMatch(/child run keras\/jax\/loop\/reset=none\/seed=1: protocol error: expected a message object, got .*TensorFlow banner/);
      expect(crash.message).toBe('child run keras/jax/loop/reset=none/seed=1 exited with code 3 without sending a result');
      expect(crash.details).toContain('  RuntimeError: simulated failure in the Keras child');
      expect(hang.message).toBe('child run keras/jax/loop/reset=none/seed=1 timed out after 1500 ms and was killed');
      for (const error of [garbage, crash, hang]) expect(error.details.at(-1)).toMatch(/^reproduce: npx tfjs-repro run .* --runtime keras$/);
    },
  );
});
