import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = useTempDir('diagnose');
const fixture = (name: string) => path.join(root, 'spec', 'fixtures', 'scenarios', `${name}.mjs`);

interface ClaimJson {
  readonly claim: string;
  readonly verdict: string;
  readonly diagnosis: { cause: string; origin: Record<string, unknown>; evidence: string; fix: string } | null;
}

/** `check --json` of one claim on wasm; its one claim outcome and the exit code. */
async function checkOne(args: readonly string[]): Promise<{ claim: ClaimJson; exitCode: number; stderr: string }> {
  const { stdout, stderr, exitCode } = await runCli(['check', '--backend', 'wasm', ...args, '--json']);
  const [claim] = (JSON.parse(stdout) as { backends: { claims: ClaimJson[] }[] }).backends[0]!.claims;
  return { claim: claim!, exitCode, stderr };
}

// Each cause as a pair of real runs: the faulty scenario's rerun is violated with that cause and
// origin; with the fix the diagnosis names applied, it holds. (A user's scenario modules, tiny.)
describe('check says why a claim is violated (real runs, wasm)', () => {
  it.each([
    {
      fault: 'an initializer seeded from the clock',
      scenario: 'clock-seeded',
      fix: 'clock=false',
      cause: 'unseeded-initializer',
      origin: { epoch: 0, batch: 0, phase: 'initial-weights', tensor: 'hidden/kernel' },
      evidence: /^the initial weights differ before any training: 1 of 4 tensors \(hidden\/kernel; hidden\/kernel by up to \d+ ULP\)$/,
    },
    {
      fault: 'data with noise from the clock',
      scenario: 'clock-data',
      fix: 'clock=false',
      cause: 'data',
      origin: { epoch: 1, batch: 1, phase: 'data' },
      evidence: /^the inputs or targets of batch 1 of epoch 1 differ between the runs, and so do the epoch's samples/,
    },
    {
      fault: "the user's own shuffle with an unseeded generator",
      scenario: 'user-shuffle',
      fix: 'unseeded=false',
      cause: 'data-order',
      origin: { epoch: 1, batch: 1, phase: 'data' },
      evidence: /^batch 1 of epoch 1 holds other samples in one run than in the other, while the epoch's samples are the same/,
    },
    // Past the batch boundaries: both runs replayed with a kernel trace up to the first divergent batch.
    {
      fault: 'a dropout layer seeded from the clock',
      scenario: 'clock-dropout',
      fix: 'clock=false',
      cause: 'random-op',
      origin: { epoch: 1, batch: 1, phase: 'forward', kernel: 'makeTensor', layer: 'dropout', tensor: 'output 0 [8×8]' },
      evidence:
        /^a tensor made from JavaScript values inside the step, .* differs between the runs: makeTensor \(occurrence 1 in layer dropout, forward\) at epoch 1 batch 1, while every kernel before it agrees bitwise$/,
    },
    {
      fault: 'a learning rate with a jitter from the clock',
      scenario: 'clock-learning-rate',
      fix: 'clock=false',
      cause: 'optimizer',
      // The losses part at batch 2; the update of batch 1 is where it begins.
      origin: { epoch: 1, batch: 1, phase: 'optimizer', kernel: 'Multiply', tensor: 'input 0' },
      evidence: /^the optimizer's own tensors differ .*: input 0 of Multiply \(occurrence \d+, optimizer\) at epoch 1 batch 1, with equal gradients$/,
    },
    {
      fault: 'a kernel that adds a random amount to its output (a test-only nondeterministic Relu)',
      scenario: 'flaky-relu',
      fix: 'flaky=false',
      cause: 'nondeterministic-kernel',
      origin: { epoch: 1, batch: 1, phase: 'forward', kernel: 'Relu', layer: 'hidden', tensor: 'output 0 [8×8]' },
      evidence:
        /^Relu \(occurrence 1 in layer hidden, forward\) at epoch 1 batch 1 gives other outputs from bitwise-equal inputs \(1 input\(s\)\), while every kernel before it agrees bitwise$/,
    },
  ])(
    '$fault: rerun VIOLATED, why: $cause; with the fix ($fix) it holds',
    async ({ scenario, fix, cause, origin, evidence }) => {
      const broken = await checkOne(['--scenario', fixture(scenario), '--claims', 'rerun']);
      expect(broken.claim, broken.stderr).toMatchObject({ claim: 'rerun', verdict: 'violated', diagnosis: { cause, origin } });
      expect(broken.claim.diagnosis!.evidence).toMatch(evidence);
      expect(broken.exitCode).toBe(1);
      const fixed = await checkOne(['--scenario', fixture(scenario), '--claims', 'rerun', '--param', fix]);
      expect(fixed.claim, fixed.stderr).toMatchObject({ claim: 'rerun', verdict: 'holds', diagnosis: null });
      expect(fixed.exitCode).toBe(0);
    },
    120_000,
  );

  it("the seed experiment's expected violation, N × fit(1) vs fit(N) on the shuffled blobs classifier: data-order from epoch 2 batch 1, in text and JSON", async () => {
    const args = ['--scenario', 'blobs-dropout-classifier', '--claims', 'loop-equals-single', '--epochs', '3'];
    const { claim } = await checkOne(args);
    expect(claim).toMatchObject({ verdict: 'violated', diagnosis: { cause: 'data-order', origin: { epoch: 2, batch: 1, phase: 'data' } } });
    expect(claim.diagnosis!.fix).toMatch(/^pass shuffle: false to fit, or shuffle the data yourself with a seeded generator/);
    const text = await runCli(['check', '--backend', 'wasm', ...args]);
    expect(text.stdout).toMatch(/why loop-equals-single is violated on wasm: data-order, from epoch 2 batch 1: batch 1 of epoch 2 holds other samples/);
    expect(text.stdout).toMatch(/\n {2}fix: pass shuffle: false to fit/);
  }, 120_000);

  it("the addition-rnn style case (a user's GRU, tfjs's default initializers, fit's shuffle): loop-equals-single VIOLATED, why: data-order at the first batch whose samples differ", async () => {
    const { claim } = await checkOne(['--scenario', fixture('gru-addition'), '--claims', 'loop-equals-single']);
    expect(claim).toMatchObject({ verdict: 'violated', diagnosis: { cause: 'data-order', origin: { epoch: 2, batch: 1, phase: 'data' } } });
    expect(claim.diagnosis!.evidence).toMatch(/^batch 1 of epoch 2 holds other samples in one run than in the other/);
  }, 120_000);

  it('a stateful LSTM whose module resets its states at every fit call: loop-equals-single VIOLATED, why: state, entering epoch 2 batch 1; without the reset it holds', async () => {
    const args = ['--scenario', fixture('fit-resets'), '--claims', 'loop-equals-single'];
    const broken = await checkOne(args);
    expect(broken.claim, broken.stderr).toMatchObject({
      verdict: 'violated',
      diagnosis: { cause: 'state', origin: { epoch: 2, batch: 1, phase: 'state', layer: 'lstm', tensor: 'input 0' } },
    });
    expect(broken.claim.diagnosis!.evidence).toMatch(/^the state entering batch 1 of epoch 2 differs while the weights and data are equal/);
    const fixed = await checkOne([...args, '--param', 'resetEachFit=false']);
    expect(fixed.claim, fixed.stderr).toMatchObject({ verdict: 'holds', diagnosis: null });
  }, 120_000);

  it('diagnose --replay: two saved runs trained again with a kernel trace name the optimizer, at batch 1 where the losses part at batch 2; without the module, a clear usage error', async () => {
    const dir = temp();
    const out = (name: string) => path.join(dir, name);
    for (const name of ['a.json', 'b.json'])
      expect((await runCli(['run', '--scenario', fixture('clock-learning-rate'), '--backend', 'wasm', '--out', out(name), '--json'])).exitCode).toBe(0);
    const boundary = await runCli(['diagnose', out('a.json'), out('b.json'), '--json']);
    expect(JSON.parse(boundary.stdout)).toMatchObject({
      firstDivergence: { epoch: 1, batch: 2 },
      diagnosis: { cause: 'unknown', origin: { epoch: 1, batch: 2 } },
    });
    const replayed = await runCli(['diagnose', out('a.json'), out('b.json'), '--replay', '--scenario', fixture('clock-learning-rate'), '--json']);
    expect(JSON.parse(replayed.stdout), replayed.stderr).toMatchObject({
      diagnosis: { cause: 'optimizer', origin: { epoch: 1, batch: 1, phase: 'optimizer', kernel: 'Multiply', tensor: 'input 0' } },
    });
    expect(replayed.stderr).toMatch(/replaying both runs with a kernel trace up to epoch 1 batch 2/);
    expect(replayed.exitCode).toBe(1);
    const noModule = await runCli(['diagnose', out('a.json'), out('b.json'), '--replay']);
    expect(noModule.stderr).toMatch(/--replay: the runs train scenario clock-learning-rate, which is not built in; pass its module with --scenario <path>/);
    expect(noModule.exitCode).toBe(2);
  }, 120_000);

  it('diagnose a.json b.json: why two saved runs part (exit 1), identical runs (exit 0), a file that is not a run (exit 3)', async () => {
    const dir = temp();
    const out = (name: string) => path.join(dir, name);
    for (const name of ['a.json', 'b.json'])
      expect((await runCli(['run', '--scenario', fixture('user-shuffle'), '--backend', 'wasm', '--out', out(name), '--json'])).exitCode).toBe(0);
    const parted = await runCli(['diagnose', out('a.json'), out('b.json'), '--json']);
    expect(JSON.parse(parted.stdout)).toMatchObject({
      format: 'tfjs-repro/diagnosis',
      identical: false,
      firstDivergence: { epoch: 1, batch: 1 },
      diagnosis: { cause: 'data-order', origin: { epoch: 1, batch: 1, phase: 'data' } },
    });
    expect(parted.exitCode).toBe(1);
    const same = await runCli(['diagnose', out('a.json'), out('a.json')]);
    expect(same.stdout).toMatch(/are bitwise identical: nothing to diagnose/);
    expect(same.exitCode).toBe(0);
    const bad = await runCli(['diagnose', out('a.json'), path.join(root, 'package.json')]);
    expect(bad.stderr).toMatch(/package\.json/);
    expect(bad.exitCode).toBe(3);
  }, 120_000);
});
