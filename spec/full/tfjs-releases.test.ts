import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { resolveCacheDir } from '../../src/cache-dir.js';
import { ensureRelease, releaseDir } from '../../src/tfjs-versions/tfjs-release.js';

// Published tfjs releases, installed from the npm registry into the cache (once; later runs reuse
// them): the oldest and newest supported releases side by side, and a bisect that finds a real
// change in tfjs's published history. Small runs.
const LONG = 600_000;
/** What npm needs of the user's environment to reach the registry (home, certificates, proxies): the CLI gets a clean one otherwise. */
const HOME = Object.fromEntries(
  Object.entries(process.env).filter(
    (e): e is [string, string] =>
      e[1] !== undefined && /^(HOME|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY)$/.test(e[0]),
  ),
);

describe('published tfjs releases', () => {
  it(
    'check --tfjs 4.10.0,4.22.0 (the oldest and newest supported): both columns in Node and Chromium, each claim and the numbers per release',
    { timeout: LONG },
    async () => {
      const { exitCode, stdout, stderr } = await runCli(
        [
          'check',
          '--tfjs',
          '4.10.0,4.22.0',
          '--runtime',
          'node,chromium',
          '--backend',
          'wasm',
          '--claims',
          'rerun',
          '--samples',
          '100',
          '--epochs',
          '2',
          '--json',
        ],
        { timeoutMs: LONG, env: HOME },
      );
      expect(exitCode, stderr).toBe(0);
      const set = JSON.parse(stdout) as {
        tfjs: string[];
        releases: { runtime: string; backend: string; claim: string; verdicts: Record<string, string> }[];
        checks: { runtime: string; tfjs: string }[];
      };
      expect(set.tfjs).toEqual(['4.10.0', '4.22.0']);
      expect(set.checks.map((c) => `${c.runtime} ${c.tfjs}`)).toEqual(['node 4.10.0', 'chromium 4.10.0', 'node 4.22.0', 'chromium 4.22.0']);
      expect(set.releases.map((r) => `${r.runtime}/${r.backend} ${r.claim}: ${r.verdicts['4.10.0']} | ${r.verdicts['4.22.0']}`)).toEqual([
        'node/wasm rerun: holds | holds',
        'node/wasm numbers (case 1, no resets): reference | = 4.10.0',
        'chromium/wasm rerun: holds | holds',
        'chromium/wasm numbers (case 1, no resets): reference | = 4.10.0',
      ]);
    },
  );

  it(
    "run inside a project that has another tfjs (a release's folder is one) trains with that project's tfjs, from a subfolder too, in Node and Chromium",
    { timeout: LONG },
    async () => {
      const cacheDir = resolveCacheDir(undefined, process.env);
      await ensureRelease('4.10.0', { cacheDir });
      const sub = path.join(releaseDir(cacheDir, '4.10.0'), 'node_modules', '@tensorflow');
      for (const runtime of ['node', 'chromium']) {
        const { exitCode, stdout, stderr } = await runCli(['run', '--runtime', runtime, '--samples', '100', '--epochs', '2', '--json'], {
          cwd: sub,
          timeoutMs: LONG,
          env: HOME,
        });
        expect(exitCode, stderr).toBe(0);
        const trajectory = JSON.parse(stdout) as { provenance: { packages: Record<string, string>; flags: Record<string, unknown> } };
        expect(trajectory.provenance.packages, runtime).toMatchObject({
          '@tensorflow/tfjs': '4.10.0',
          '@tensorflow/tfjs-core': '4.10.0',
          '@tensorflow/tfjs-backend-wasm': '4.10.0',
        });
        if (runtime === 'node') expect(trajectory.provenance.flags.TFJS_FROM).toBe(sub);
      }
    },
  );

  it(
    'bisect 4.0.0..4.22.0 finds 4.2.0, where the seeded initializers draw other numbers, in at most 7 probes; 4.10.0..4.22.0 has nothing to find',
    { timeout: LONG },
    async () => {
      const small = ['--scenario', 'blobs-dropout-classifier', '--backend', 'wasm', '--samples', '60', '--epochs', '2', '--json'];
      const found = await runCli(['bisect', '--tfjs', '4.0.0..4.22.0', ...small], { timeoutMs: LONG, env: HOME });
      expect(found.exitCode, found.stderr).toBe(1);
      const result = JSON.parse(found.stdout) as {
        outcome: string;
        firstDifferent: string;
        lastSame: string;
        steps: unknown[];
        culprit: { difference: string; where: string; package: string };
      };
      expect(result).toMatchObject({ outcome: 'found', firstDifferent: '4.2.0', lastSame: '4.1.0', culprit: { difference: 'input' } });
      expect(result.steps.length).toBeLessThanOrEqual(7);
      expect(result.culprit.where).toMatch(/the initial weights that differ: hidden_1\/kernel, output\/kernel/);
      expect(result.culprit.package).toMatch(/@tensorflow\/tfjs-layers \(initializers\) or @tensorflow\/tfjs-core/);
      const nothing = await runCli(['bisect', '--tfjs', '4.10.0..4.22.0', ...small], { timeoutMs: LONG, env: HOME });
      expect(nothing.exitCode, nothing.stderr).toBe(0);
      expect(JSON.parse(nothing.stdout)).toMatchObject({ outcome: 'nothing-to-find', steps: [{ version: '4.10.0' }, { version: '4.22.0' }] });
    },
  );
});
