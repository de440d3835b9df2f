import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { KERAS_REQUIREMENTS, kerasUnavailableReason, resolveKerasVenv, venvPython } from '../../src/runtimes/keras/keras-environment.js';
import { spawnKerasRun } from '../../src/runtimes/keras/spawn-keras-run.js';
import { resolveRunRequest } from '../../src/trajectory/run-request.js';
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
// PyTorch's CPU build is not on the Python package index: on a machine whose pip sees only the
// index, `setup keras` leaves keras/torch "not available". The suite then excuses it explicitly,
// as a user would (--allow-unavailable keras/torch), and shows the excuse in the output; CI requires it.
const torchMissing = kerasUnavailableReason('torch');
const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = useTempDir('keras');
const fixture = (name: string) => path.join(root, 'spec', 'fixtures', 'keras-children', name);

// Small seed experiment: 2 × stateful LSTM(10), 200 samples in batches of 100, 2 epochs.
const SMALL = ['--samples', '200', '--epochs', '2', '--scenario', 'stateful-lstm-sine'];
const request = resolveRunRequest({ backend: 'jax', scenario: { samples: 200, epochs: 2 } });

describe('the keras runtime (Keras 3 on TensorFlow, JAX and PyTorch, in fresh Python processes)', () => {
  it('is set up by npm ci; where it cannot be, its columns say why and name the set-up command', async () => {
    if (REQUIRED) expect(unavailable, 'TFJS_REPRO_REQUIRE_KERAS=1 but the keras runtime is not set up').toBeUndefined();
    if (REQUIRED) expect(torchMissing, 'TFJS_REPRO_REQUIRE_KERAS=1 but keras/torch is not set up').toBeUndefined();
    const missing = await runCli(['check', '--runtime', 'keras', '--backend', 'jax', ...SMALL], { env: { TFJS_REPRO_KERAS_VENV: '/nonexistent/venv' } });
    expect(missing.stderr).toMatch(/--backend jax \(--runtime keras\): no Keras environment at \/nonexistent\/venv; run `npx tfjs-repro setup keras`/);
    expect(missing.exitCode).toBe(4);
    // A tfjs backend in the keras runtime, and a scenario Keras does not build, say so too.
    const wrong = await runCli(['run', '--runtime', 'keras', '--backend', 'wasm', ...SMALL]);
    expect(wrong.stderr).toMatch(
      /--backend wasm \(--runtime keras\): the wasm backend does not run in keras; it runs in node and chromium: run it with --runtime node/,
    );
    expect(wrong.exitCode).toBe(4);
  });

  it.runIf(unavailable === undefined)(
    "check --runtime keras: the seed answer's claims from real Python runs; Keras on JAX keeps no state (reset-matters VIOLATED), which a config records as expected",
    async () => {
      // jax, the fastest to start (tensorflow: matches-keras below; torch's stateful training bit for
      // bit: the torch golden in `npm run test:full`; every claim on all three: the committed report).
      const args = ['check', '--runtime', 'keras', '--backend', 'jax', '--claims', 'reset-matters', ...SMALL, '--json'];
      const configured = path.join(temp(), 'project');
      await mkdir(configured, { recursive: true });
      await writeFile(
        path.join(configured, 'tfjs-repro.config.json'),
        JSON.stringify({ scenarios: [{ scenario: 'stateful-lstm-sine', expect: { 'reset-matters@keras/jax': 'violated' } }] }),
      );
      // Where a config records JAX's violation: VIOLATED (expected), exit 0. Without that record the
      // same verdict fails the check (exit 1; the scoped expectations' unit tests).
      const { exitCode, stdout, stderr } = await runCli(args, { cwd: configured, timeoutMs: 170_000 });
      const result = JSON.parse(stdout) as {
        expected: Record<string, string>;
        backends: { backend: string; claims: { claim: string; verdict: string; evidence: string; diagnosis: { cause: string } | null }[] }[];
        unavailable: unknown[];
      };
      const verdicts = Object.fromEntries(result.backends.flatMap((b) => b.claims.map((c) => [`${b.backend}/${c.claim}`, c.verdict])));
      // Keras 3.15.1 on JAX: a stateful LSTM's states stay zero through fit; resetting them changes nothing.
      expect(verdicts, stderr).toEqual({ 'jax/reset-matters': 'violated' });
      expect(result.unavailable).toEqual([]);
      expect(result.expected).toEqual({ 'reset-matters@keras/jax': 'violated' });
      expect(result.backends[0]!.claims.find((c) => c.claim === 'reset-matters')?.evidence).toBe(
        'resets changed nothing: bitwise identical over 2 epochs × 2 batches',
      );
      // Why: the state entering a batch after a reset is the state without one.
      expect(result.backends[0]!.claims.find((c) => c.claim === 'reset-matters')?.diagnosis).toMatchObject({ cause: 'state' });
      expect(stderr).toMatch(/running 4 child processes/); // the rerun control (2) and reset-matters (2)
      expect(exitCode, stderr).toBe(0);
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
