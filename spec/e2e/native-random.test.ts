import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import '../../src/vitest/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => path.join(root, 'spec', 'fixtures', 'scenarios', `${name}.mjs`);

interface ClaimJson {
  readonly claim: string;
  readonly verdict: string;
  readonly precondition: string | null;
  readonly diagnosis: { cause: string; origin: Record<string, unknown>; evidence: string; fix: string } | null;
}

/** `check --json` on wasm: its claims by name, the exit code and the text output of the same check. */
async function check(args: readonly string[]): Promise<{ claims: Record<string, ClaimJson>; exitCode: number; stderr: string }> {
  const { stdout, stderr, exitCode } = await runCli(['check', '--backend', 'wasm', ...args, '--json']);
  const claims = (JSON.parse(stdout) as { backends: { claims: ClaimJson[] }[] }).backends[0]!.claims;
  return { claims: Object.fromEntries(claims.map((c) => [c.claim, c])), exitCode, stderr };
}

// The randomness an app really has: tfjs-repro's children seed Math.random; an app that does not
// gets other numbers wherever tfjs draws from it. Real runs of a user's tiny modules on wasm.
describe('rerun-native-random: the same request with Math.random as Node gives it', () => {
  it('an unseeded dropout: rerun holds given the seeding, rerun-native-random is violated by the random op in the dropout layer', async () => {
    const { claims, exitCode, stderr } = await check(['--scenario', fixture('native-dropout'), '--claims', 'rerun,rerun-native-random']);
    expect(claims.rerun, stderr).toMatchObject({ verdict: 'holds', precondition: 'math-random-seeded' });
    expect(claims['rerun-native-random']).toMatchObject({
      verdict: 'violated',
      precondition: null,
      diagnosis: { cause: 'random-op', origin: { epoch: 1, batch: 1, phase: 'forward', kernel: 'makeTensor', layer: 'dropout' } },
    });
    expect(claims['rerun-native-random']!.diagnosis!.fix).toMatch(/give it one from the run's seed .*, or seed Math\.random in the app before tfjs loads/);
    expect(exitCode).toBe(1);
    const text = await runCli(['check', '--backend', 'wasm', '--scenario', fixture('native-dropout'), '--claims', 'rerun,rerun-native-random']);
    expect(text.stdout).toMatch(/rerun +wasm +holds\* /);
    expect(text.stdout).toMatch(/\* holds given Math\.random seeded before tfjs loads: rerun-native-random is violated on wasm/);
  }, 120_000);

  it("fit's shuffle: rerun-native-random is violated by the data order; with --math-random native, rerun itself is", async () => {
    const seeded = await check(['--scenario', fixture('native-shuffle'), '--claims', 'rerun,rerun-native-random']);
    expect(seeded.claims['rerun-native-random'], seeded.stderr).toMatchObject({
      verdict: 'violated',
      diagnosis: { cause: 'data-order', origin: { epoch: 1, batch: 1 } },
    });
    expect(seeded.claims['rerun-native-random']!.diagnosis!.fix).toMatch(/^fit's shuffle \(tf\.util\.shuffle\) takes no seed/);
    const native = await check(['--scenario', fixture('native-shuffle'), '--claims', 'rerun', '--math-random', 'native']);
    expect(native.claims.rerun, native.stderr).toMatchObject({ verdict: 'violated', precondition: null, diagnosis: { cause: 'data-order' } });
    expect(native.exitCode).toBe(1);
  }, 120_000);

  it('the seed experiment draws nothing from Math.random: both hold, and no verdict rests on the seeding', async () => {
    const { claims, exitCode } = await check(['--samples', '100', '--batch-size', '50', '--epochs', '2', '--claims', 'rerun,rerun-native-random']);
    expect(claims).toMatchObject({ rerun: { verdict: 'holds', precondition: null }, 'rerun-native-random': { verdict: 'holds', precondition: null } });
    expect(exitCode).toBe(0);
  }, 120_000);

  it('in Chromium too: the blobs classifier (dropout, fit shuffles) repeats itself only with Math.random seeded', async () => {
    const { stdout, stderr } = await runCli([
      'check',
      '--runtime',
      'chromium',
      '--backend',
      'wasm',
      '--scenario',
      'blobs-dropout-classifier',
      '--epochs',
      '2',
      '--claims',
      'rerun,rerun-native-random',
      '--json',
    ]);
    const claims = (JSON.parse(stdout) as { backends: { claims: ClaimJson[] }[] }).backends[0]!.claims;
    expect(
      claims.map((c) => [c.claim, c.verdict, c.precondition]),
      stderr,
    ).toEqual([
      ['rerun', 'holds', 'math-random-seeded'],
      ['rerun-native-random', 'violated', null],
    ]);
  }, 120_000);

  it("the vitest matcher's failure message says the verdicts that hold rest on the seeding, and why the native rerun fails", async () => {
    await expect(expect(fixture('native-dropout')).toHoldClaims(['rerun', 'rerun-native-random'], { backend: 'wasm' })).rejects.toThrow(
      /holds given Math\.random seeded before tfjs loads: rerun-native-random is violated on wasm[\s\S]*why rerun-native-random is violated on wasm: random-op/,
    );
  }, 120_000);
});
