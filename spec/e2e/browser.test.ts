import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../src/browser/find-chromium.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// Headless Chromium from Debian's package (.ci/run installs it when missing). Not skipped when
// absent: the first test fails and says how to install it. Small runs: seed 3, 100 samples,
// batches of 10, 3 epochs.
const SMALL = ['--seed', '3', '--samples', '100', '--batch-size', '10', '--epochs', '3'];

/** Chromium processes whose command line names a profile of ours (Playwright's temp profiles). */
function strayBrowsers(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => /chrom/i.test(line) && /playwright_chromiumdev_profile/.test(line));
}

describe('the chromium runtime (real headless Chromium, seed 3)', () => {
  const tempDir = useTempDir('browser');

  it('finds Chromium here (install Debian\'s chromium, or set TFJS_REPRO_CHROMIUM)', () => {
    expect(findChromium()).toMatchObject({ kind: 'found' });
  });

  it('check --runtime chromium runs every claim on cpu, wasm and webgl, and leaves no browser behind', async () => {
    const { exitCode, stdout, stderr } = await runCli(['check', '--runtime', 'chromium', '--json', ...SMALL]);
    expect(exitCode, stderr).toBe(0);
    const result = JSON.parse(stdout) as { backends: { backend: string; claims: { claim: string; verdict: string }[] }[] };
    expect(result.backends.map((b) => [b.backend, b.claims.map((c) => `${c.claim}:${c.verdict}`).join(' ')])).toEqual(
      ['cpu', 'wasm', 'webgl'].map((backend) => [backend, 'rerun:holds loop-equals-single:holds reset-matters:holds callback-equals-loop:holds seed-matters:holds env-invariance:holds']),
    );
    expect(strayBrowsers()).toEqual([]);
  });

  it('node/cpu ≡ chromium/cpu and node/wasm ≡ chromium/wasm bitwise; chromium/webgl differs from node/cpu within 64 ULP', async () => {
    const file = (name: string) => path.join(tempDir(), `${name}.json`);
    for (const [runtime, backend] of [['node', 'cpu'], ['chromium', 'cpu'], ['node', 'wasm'], ['chromium', 'wasm'], ['chromium', 'webgl']] as const) {
      const run = await runCli(['run', '--runtime', runtime, '--backend', backend, ...SMALL, '--out', file(`${runtime}-${backend}`)]);
      expect(run.exitCode, run.stderr).toBe(0);
    }
    for (const backend of ['cpu', 'wasm']) {
      const same = await runCli(['compare', file(`node-${backend}`), file(`chromium-${backend}`)]);
      expect(same.stdout).toMatch(/identical \(36 values, bitwise\)/);
      expect(same.exitCode).toBe(0);
    }
    // Measured on SwiftShader WebGL 2, tfjs 4.22: first divergence at epoch 1 batch 3 (3 ULP), max 20 ULP.
    const webgl = await runCli(['compare', file('node-cpu'), file('chromium-webgl')]);
    expect(webgl.exitCode).toBe(1);
    expect((await runCli(['compare', file('node-cpu'), file('chromium-webgl'), '--tolerance', 'ulp:64'])).exitCode).toBe(0);
  });

  it('a missing Chromium is "not available (why, how to install)", exit 4, not a crash', async () => {
    const { exitCode, stderr } = await runCli(['run', '--runtime', 'chromium', ...SMALL], { env: { TFJS_REPRO_CHROMIUM: '/nonexistent/chromium' } });
    expect(stderr).toMatch(/chromium not available: TFJS_REPRO_CHROMIUM=\/nonexistent\/chromium is not an executable file; install Debian's chromium/);
    expect(exitCode).toBe(4);
  });

  it('a Chromium that exits at once is a failed run with the reproduce command (exit 5), and no server or browser is left', async () => {
    const { exitCode, stderr } = await runCli(['run', '--runtime', 'chromium', ...SMALL], { env: { TFJS_REPRO_CHROMIUM: '/bin/false' } });
    expect(stderr).toMatch(/chromium\/wasm\/loop\/reset=none\/seed=3: /);
    expect(stderr).toMatch(/reproduce: npx tfjs-repro run .* --runtime chromium/);
    expect(exitCode).toBe(5);
    expect(strayBrowsers()).toEqual([]);
  });

  it('the tensorflow backend in chromium and webgl in Node are refused with the reason (exit 4)', async () => {
    const tf = await runCli(['run', '--runtime', 'chromium', '--backend', 'tensorflow', ...SMALL]);
    expect(tf.stderr).toMatch(/the tensorflow backend \(tfjs-node\) runs only in Node/);
    expect(tf.exitCode).toBe(4);
    const webgl = await runCli(['run', '--backend', 'webgl', ...SMALL]);
    expect(webgl.stderr).toMatch(/the webgl backend needs a browser: run it with --runtime chromium/);
    expect(webgl.exitCode).toBe(4);
  });
});
