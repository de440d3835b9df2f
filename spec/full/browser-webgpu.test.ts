import { describe, expect, it } from 'vitest';
import { WEBGPU_ULP_BUDGET } from '../../src/runtimes/chromium/chromium-pairings.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEBGPU_GOLDEN = fileURLToPath(new URL('../../fixtures/golden/blobs-dropout-classifier/chromium-webgpu.json', import.meta.url));

// webgpu in headless Chromium on SwiftShader's adapter (no GPU needed; ~0.3 s per batch of the seed
// model), outside `npm test`'s budget. Both built-in scenarios, every claim that applies, small:
// seed 3, 40 samples, batches of 10, 2 epochs.
const SMALL = ['--seed', '3', '--samples', '40', '--batch-size', '10', '--epochs', '2'];
const LONG = 480_000;

type CheckSet = {
  checks: { runtime: string; backends: { backend: string; claims?: { claim: string; verdict: string }[] }[] }[];
  crossRuntime: { outcomes: { claim: string; a: string; kind: string; maxUlp: number }[] }[];
};

describe('the chromium runtime on webgpu (real headless Chromium, SwiftShader adapter, seed 3)', () => {
  const temp = useTempDir('browser-webgpu');

  it(`both built-in scenarios get a verdict for every claim on webgpu, and webgpu is within ${WEBGPU_ULP_BUDGET} ULP of cpu`, { timeout: LONG }, async () => {
    const verdicts: Record<string, string[]> = {};
    for (const scenario of ['stateful-lstm-sine', 'blobs-dropout-classifier']) {
      const { exitCode, stdout, stderr } = await runCli(
        ['check', '--scenario', scenario, '--runtime', 'node,chromium', '--backend', 'cpu,webgpu', '--json', ...SMALL],
        { timeoutMs: LONG },
      );
      const set = JSON.parse(stdout) as CheckSet;
      const webgpu = set.checks.find((c) => c.runtime === 'chromium')!.backends.find((b) => b.backend === 'webgpu')!;
      verdicts[scenario] = webgpu.claims!.map((c) => `${c.claim}:${c.verdict}`);
      const closeness = set.crossRuntime[0]!.outcomes.filter((o) => o.claim === 'webgpu-closeness');
      expect(closeness.map((o) => `${o.a} ${o.kind}`)).toEqual(['chromium/cpu holds', 'node/cpu holds']);
      // The shuffled classifier's loop-equals-single is violated on every backend (the seed answer's finding): exit 1 there.
      expect(exitCode, stderr).toBe(scenario === 'blobs-dropout-classifier' ? 1 : 0);
    }
    expect(verdicts).toEqual({
      'stateful-lstm-sine': [
        'rerun:holds',
        'rerun-native-random:holds',
        'loop-equals-single:holds',
        'reset-matters:holds',
        'callback-equals-loop:holds',
        'seed-matters:holds',
        'env-invariance:holds',
      ],
      'blobs-dropout-classifier': ['rerun:holds', 'rerun-native-random:violated', 'loop-equals-single:violated', 'seed-matters:holds', 'env-invariance:holds'],
    });
  });

  it(
    'the committed webgpu golden, as if recorded on another adapter and with moved numbers, drifts with both adapters named (cause device)',
    { timeout: LONG },
    async () => {
      const golden = JSON.parse(await readFile(WEBGPU_GOLDEN, 'utf8')) as {
        provenance: { device?: string };
        runs: { epochs: { loss: number; lossBits: string }[] }[];
      };
      expect(golden.provenance.device).toBe('google swiftshader');
      golden.provenance.device = 'nvidia ampere';
      const epoch = golden.runs[0]!.epochs[4]!;
      const bits = (Number.parseInt(epoch.lossBits, 16) + 3) >>> 0;
      epoch.lossBits = bits.toString(16).padStart(8, '0');
      epoch.loss = new Float32Array(new Uint32Array([bits]).buffer)[0]!;
      const dir = path.join(temp(), 'goldens');
      await mkdir(path.join(dir, 'blobs-dropout-classifier'), { recursive: true });
      await writeFile(path.join(dir, 'blobs-dropout-classifier', 'chromium-webgpu.json'), JSON.stringify(golden, null, 2));
      const { exitCode, stdout, stderr } = await runCli(['golden', 'check', '--dir', dir], { timeoutMs: LONG });
      expect(exitCode, stderr).toBe(1);
      expect(stdout).toMatch(/DRIFTED \(provenance changed; budget 0 ULP\)\n {2}provenance: WebGPU adapter: nvidia ampere → google swiftshader/);
      expect(stdout).toMatch(/why: device, from epoch 5 batch 1: WebGPU adapter: nvidia ampere → google swiftshader changes the numbers first at epoch 5/);
    },
  );
});
