import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// A user's scenario module in Chromium (bundled for the page), and the webgpu backend on
// SwiftShader's adapter (no GPU needed). Small runs: the example project's module for 2 epochs,
// and an 8-sample regression whose Relu a test makes nondeterministic.
const LONG = 240_000;
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}.mjs`, import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../fixtures/example-project/scenarios/ring-regressor.mjs', import.meta.url));

interface CheckSetJson {
  readonly ok: boolean;
  readonly checks: readonly {
    readonly runtime: string;
    readonly backends: readonly {
      readonly backend: string;
      readonly available: boolean;
      readonly claims?: readonly { readonly claim: string; readonly verdict: string }[];
    }[];
  }[];
  readonly crossRuntime: readonly { readonly outcomes: readonly { readonly claim: string; readonly a: string; readonly b: string; readonly kind: string }[] }[];
}

describe('the browser as users train in it: their scenario modules, and webgpu', () => {
  it("the example project's module gives verdicts in Chromium on wasm and webgpu, and node/wasm ≡ chromium/wasm", { timeout: LONG }, async () => {
    const { exitCode, stdout, stderr } = await runCli(
      ['check', '--scenario', EXAMPLE, '--runtime', 'node,chromium', '--backend', 'wasm,webgpu', '--claims', 'rerun', '--epochs', '2', '--json'],
      { timeoutMs: LONG },
    );
    expect(exitCode, stderr).toBe(0);
    const set = JSON.parse(stdout) as CheckSetJson;
    const chromium = set.checks.find((c) => c.runtime === 'chromium')!;
    expect(chromium.backends.map((b) => [b.backend, b.available, b.claims?.map((c) => `${c.claim} ${c.verdict}`)])).toEqual([
      ['wasm', true, ['rerun holds']],
      ['webgpu', true, ['rerun holds']],
    ]);
    const outcomes = set.crossRuntime[0]!.outcomes.map((o) => `${o.claim} ${o.a} ${o.b} ${o.kind}`);
    // webgpu against cpu (webgpu-closeness) is in the full lane's browser-webgpu test.
    expect(outcomes).toEqual(['runtime-equivalence node/wasm chromium/wasm holds']);
  });

  it('a module that imports Node modules is not available in Chromium, with the import named: exit 4, or excused and said so', { timeout: LONG }, async () => {
    const failed = await runCli(['check', '--scenario', fixture('node-only'), '--runtime', 'chromium', '--backend', 'wasm', '--epochs', '2']);
    expect(failed.exitCode, failed.stderr).toBe(4);
    expect(failed.stdout + failed.stderr).toMatch(
      /cannot load .*node-only\.mjs into a page: it imports "node:fs" \(.*node-only\.mjs:3\): a Node module that a browser does not have/,
    );
    const excused = await runCli(
      [
        'check',
        '--scenario',
        fixture('node-only'),
        '--runtime',
        'node,chromium',
        '--backend',
        'wasm',
        '--claims',
        'rerun',
        '--epochs',
        '2',
        '--allow-unavailable',
        'chromium',
      ],
      {
        timeoutMs: LONG,
      },
    );
    expect(excused.exitCode, excused.stderr).toBe(0);
    expect(excused.stdout).toMatch(/1 of 1 claims hold/);
    expect(excused.stdout + excused.stderr).toMatch(
      /excused \(--allow-unavailable\): chromium\/wasm \(node-only\) not available \(the chromium runtime cannot load/,
    );
  });

  it(
    'a planted nondeterministic kernel on webgpu fails rerun, diagnosed down to the kernel and layer; left alone, rerun holds',
    { timeout: LONG },
    async () => {
      const args = ['check', '--scenario', fixture('flaky-relu'), '--runtime', 'chromium', '--backend', 'webgpu', '--claims', 'rerun'];
      const [flaky, steady] = await Promise.all([runCli(args, { timeoutMs: LONG }), runCli([...args, '--param', 'flaky=false'], { timeoutMs: LONG })]);
      expect(flaky.exitCode, flaky.stderr).toBe(1);
      expect(flaky.stdout).toMatch(/rerun\s+webgpu\s+VIOLATED\s+differs at epoch 1 batch 1/);
      expect(flaky.stdout).toMatch(/why rerun is violated on webgpu: nondeterministic-kernel, from epoch 1 batch 1, in Relu of layer hidden \(forward\)/);
      expect(steady.exitCode, steady.stderr).toBe(0);
      expect(steady.stdout).toMatch(/rerun\s+webgpu\s+holds\s+bitwise identical/);
    },
  );
});
