import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLOCK_SEEDED = path.join(root, 'spec', 'fixtures', 'scenarios', 'clock-seeded.mjs');

interface ClaimJson {
  readonly claim: string;
  readonly verdict: string;
  readonly diagnosis: { cause: string; origin: Record<string, unknown>; evidence: string; fix: string } | null;
}

describe('check says why a claim is violated (real runs, wasm)', () => {
  it('a user scenario that seeds an initializer from the clock: rerun VIOLATED, why: unseeded-initializer before training, naming the weights; seeded (the fix), it holds', async () => {
    const args = ['check', '--scenario', CLOCK_SEEDED, '--backend', 'wasm', '--claims', 'rerun'];
    const broken = await runCli([...args, '--json']);
    const [claim] = (JSON.parse(broken.stdout) as { backends: { claims: ClaimJson[] }[] }).backends[0]!.claims;
    expect(claim).toMatchObject({
      claim: 'rerun',
      verdict: 'violated',
      diagnosis: { cause: 'unseeded-initializer', origin: { epoch: 0, batch: 0, phase: 'initial-weights', tensor: 'hidden/kernel' } },
    });
    expect(claim!.diagnosis!.evidence).toMatch(
      /^the initial weights differ before any training: 1 of 4 tensors \(hidden\/kernel; hidden\/kernel by up to \d+ ULP\)$/,
    );
    expect(broken.exitCode, broken.stderr).toBe(1);

    const text = await runCli(args);
    expect(text.stdout).toMatch(/why rerun is violated on wasm: unseeded-initializer, before training \(hidden\/kernel\): the initial weights differ/);
    expect(text.stdout).toMatch(/ {2}fix: give every initializer of the model a seed/);

    const fixed = await runCli([...args, '--param', 'clock=false', '--json']);
    const [held] = (JSON.parse(fixed.stdout) as { backends: { claims: ClaimJson[] }[] }).backends[0]!.claims;
    expect(held).toMatchObject({ claim: 'rerun', verdict: 'holds', diagnosis: null });
    expect(fixed.exitCode, fixed.stderr).toBe(0);
  }, 120_000);
});
