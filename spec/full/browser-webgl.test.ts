import { describe, expect, it } from 'vitest';
import { WEBGL_ULP_BUDGET } from '../../src/runtimes/chromium/chromium-pairings.js';
import { runCli } from '../helpers/cli.js';

// webgl in headless Chromium (SwiftShader without a GPU: ~7 s of shader compilation per run), outside
// `npm test`'s budget. Small runs: seed 3, 40 samples, batches of 10, 2 epochs.
const SMALL = ['--seed', '3', '--samples', '40', '--batch-size', '10', '--epochs', '2'];
const LONG = 240_000;

type CheckSet = {
  checks: { runtime: string; backends: { backend: string; claims?: { claim: string; verdict: string }[] }[] }[];
  crossRuntime: { outcomes: { claim: string; a: string; kind: string; maxUlp: number }[] }[];
};

describe('the chromium runtime on webgl (real headless Chromium, seed 3)', () => {
  it(`webgl: rerun holds, and it is within ${WEBGL_ULP_BUDGET} ULP of cpu in both runtimes, never bitwise`, { timeout: LONG }, async () => {
    const { exitCode, stdout, stderr } = await runCli(
      ['check', '--runtime', 'node,chromium', '--backend', 'cpu,webgl', '--claims', 'rerun', '--json', ...SMALL],
      { timeoutMs: LONG },
    );
    expect(exitCode, stderr).toBe(0);
    const set = JSON.parse(stdout) as CheckSet;
    const webgl = set.checks.find((c) => c.runtime === 'chromium')!.backends.find((b) => b.backend === 'webgl')!;
    expect(webgl.claims!.map((c) => `${c.claim}:${c.verdict}`)).toEqual(['rerun:holds']);
    const closeness = set.crossRuntime[0]!.outcomes.filter((o) => o.claim === 'webgl-closeness');
    expect(closeness.map((o) => `${o.a} ${o.kind}`)).toEqual(['chromium/cpu holds', 'node/cpu holds']);
    // Measured: 11 ULP for this request. Zero would mean webgl was not really used.
    for (const o of closeness) expect(o.maxUlp).toBeGreaterThan(0);
  });
});
