import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../src/runtimes/chromium/find-chromium.js';
import { unpackNpmChromium } from '../../src/runtimes/chromium/npm-chromium.js';
import { resolveCacheDir } from '../../src/cache-dir.js';
import { spawnBrowserRun } from '../../src/runtimes/chromium/spawn-browser-run.js';
import { spawnRun } from '../../src/runtimes/node/spawn-run.js';
import { ReproError } from '../../src/errors.js';
import { resolveRunRequest } from '../../src/trajectory/run-request.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

// Headless Chromium from Debian's package (.ci/run installs it when missing). Not skipped when
// absent: the first test fails and says how to install it. Small runs: seed 3, 40 samples,
// batches of 10, 2 epochs (webgl on SwiftShader costs ~7 s of start-up per run).
const SMALL = ['--seed', '3', '--samples', '40', '--batch-size', '10', '--epochs', '2'];
const LONG = 240_000;
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const fixturePage = (name: string) => fileURLToPath(new URL(`../fixtures/pages/${name}`, import.meta.url));

/**
 * Chromium processes of ours that nobody owns any more: a browser whose launcher (a CLI process
 * that has exited, or this test process) is gone or is us. Playwright's browsers carry a
 * playwright temp profile on their command line; a live CLI's browsers (another test file running
 * at the same time) have that CLI as parent and are not counted.
 */
function strayBrowsers(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => /playwright_chromiumdev_profile/.test(line))
    .filter((line) => {
      const ppid = Number(line.trim().split(/\s+/)[1]);
      return ppid === 1 || ppid === process.pid;
    });
}

/** The TCP ports this process listens on (the page server of a run started here must be gone after it). */
function listeningPorts(): string[] {
  const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(`pid=${process.pid},`))
    .map((line) => line.trim().split(/\s+/)[3]!);
}

type CheckSet = {
  ok: boolean;
  checks: { runtime: string; backends: { backend: string; available: boolean; claims?: { claim: string; verdict: string }[] }[] }[];
  crossRuntime: { outcomes: { claim: string; a: string; b: string; kind: string; maxUlp: number }[] }[];
};

describe('the chromium runtime (real headless Chromium, seed 3)', () => {
  const tempDir = useTempDir('browser');

  it('finds a Chromium here: a system one, else the npm-shipped one that npm ci installs (never missing)', () => {
    expect(['found', 'npm']).toContain(findChromium().kind);
  });

  it(
    // On wasm here; the report below judges cpu in both runtimes (the same check set, its runs not made twice).
    'check --runtime node,chromium: every claim holds on wasm in both, node/wasm ≡ chromium/wasm bitwise, and no browser is left',
    { timeout: LONG },
    async () => {
      const { exitCode, stdout, stderr } = await runCli(['check', '--runtime', 'node,chromium', '--backend', 'wasm', '--json', ...SMALL], {
        timeoutMs: LONG,
      });
      expect(exitCode, stderr).toBe(0);
      const set = JSON.parse(stdout) as CheckSet;
      const all =
        'rerun:holds rerun-native-random:holds loop-equals-single:holds reset-matters:holds callback-equals-loop:holds seed-matters:holds env-invariance:holds';
      expect(
        set.checks.flatMap((c) => c.backends.map((b) => [`${c.runtime}/${b.backend}`, b.claims!.map((x) => `${x.claim}:${x.verdict}`).join(' ')])),
      ).toEqual(['node/wasm', 'chromium/wasm'].map((name) => [name, all]));
      expect(set.crossRuntime[0]!.outcomes.map((o) => `${o.claim} ${o.a} ${o.b} ${o.kind}`)).toEqual(['runtime-equivalence node/wasm chromium/wasm holds']);
      expect(strayBrowsers()).toEqual([]);
    },
  );

  it(
    'a model drawing from Math.random (dropout, shuffle) is bitwise the same in Node and Chromium: the stream is re-seeded after tfjs loads',
    { timeout: LONG },
    async () => {
      const { exitCode, stdout, stderr } = await runCli(
        [
          'check',
          '--runtime',
          'node,chromium',
          '--scenario',
          'blobs-dropout-classifier',
          '--backend',
          'wasm',
          '--claims',
          'rerun',
          '--samples',
          '90',
          '--epochs',
          '3',
          '--json',
        ],
        { timeoutMs: LONG },
      );
      expect(exitCode, stderr).toBe(0);
      // Seeded only before loading, Node's tfjs bundles drew 5 times at load and the runtimes parted at epoch 1 batch 1.
      expect((JSON.parse(stdout) as CheckSet).crossRuntime[0]!.outcomes.map((o) => `${o.claim} ${o.kind}`)).toEqual(['runtime-equivalence holds']);
    },
  );

  it(
    'goldens carry the runtime: golden update --runtime chromium writes chromium-<backend>.json, and golden check re-runs it in Chromium',
    { timeout: LONG },
    async () => {
      const dir = path.join(tempDir(), 'goldens');
      const update = await runCli(['golden', 'update', '--runtime', 'chromium', '--backend', 'cpu', '--dir', dir, '--reason', 'browser golden', ...SMALL], {
        timeoutMs: LONG,
      });
      expect(update.exitCode, update.stderr).toBe(0);
      const file = path.join(dir, 'stateful-lstm-sine', 'chromium-cpu.json');
      expect(JSON.parse(await readFile(file, 'utf8')).provenance).toMatchObject({ runtime: 'chromium', backend: 'cpu' });
      const check = await runCli(['golden', 'check', '--dir', dir], { timeoutMs: LONG });
      expect(check.stdout).toMatch(/chromium-cpu\.json: identical/);
      expect(check.exitCode).toBe(0);
    },
  );

  it(
    'the report gains node and chromium columns and the claims across runtimes: every claim holds on cpu in both, node/cpu ≡ chromium/cpu',
    { timeout: LONG },
    async () => {
      const out = path.join(tempDir(), 'report');
      const { exitCode, stderr } = await runCli(['report', '--runtime', 'node,chromium', '--backend', 'cpu', '--out', out, ...SMALL], { timeoutMs: LONG });
      expect(exitCode, stderr).toBe(0);
      const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as {
        reports: { runtime: string; backends: { backend: string; claims: { claim: string; verdict: string }[] }[] }[];
      };
      expect(results.reports.map((r) => [r.runtime, r.backends.map((b) => b.claims.map((c) => `${c.claim}:${c.verdict}`).join(' '))])).toEqual(
        ['node', 'chromium'].map((runtime) => [
          runtime,
          [
            'rerun:holds rerun-native-random:holds loop-equals-single:holds reset-matters:holds callback-equals-loop:holds seed-matters:holds env-invariance:holds',
          ],
        ]),
      );
      const index = await readFile(path.join(out, 'README.md'), 'utf8');
      expect(index).toMatch(/\| claim \| node\/cpu \| chromium\/cpu \|/);
      expect(index).toMatch(/\| \*\*runtime-equivalence\*\* \| node\/cpu vs chromium\/cpu \| ✅ holds: bitwise identical/);
      expect(await readFile(path.join(out, 'stateful-lstm-sine-chromium', 'README.md'), 'utf8')).toMatch(
        /# Determinism guarantees: `stateful-lstm-sine` in chromium/,
      );
    },
  );

  it(
    'a missing Chromium is "not available (why, how to install)": exit 4 for one backend; a check of both fails closed (exit 4) unless --allow-unavailable chromium excuses it',
    { timeout: LONG },
    async () => {
      const env = { TFJS_REPRO_CHROMIUM: '/nonexistent/chromium' };
      const one = await runCli(['run', '--runtime', 'chromium', ...SMALL], { env });
      expect(one.stderr).toMatch(/chromium not available: TFJS_REPRO_CHROMIUM=\/nonexistent\/chromium is not an executable file; run `npm ci`/);
      expect(one.stderr).toMatch(/reproduce: npx tfjs-repro run .* --runtime chromium/);
      expect(one.exitCode).toBe(4);
      const both = await runCli(['check', '--runtime', 'node,chromium', '--backend', 'wasm', '--claims', 'rerun', ...SMALL], { env });
      expect(both.stdout).toMatch(/\(all\)\s+wasm\s+not available\s+chromium not available/);
      expect(both.stdout).toMatch(/NOT AVAILABLE, so the check fails closed:\n {2}chromium\/wasm: chromium not available/);
      expect(both.stdout).toContain('--allow-unavailable chromium/wasm');
      expect(both.exitCode, both.stderr).toBe(4);
      const excused = await runCli(
        ['check', '--runtime', 'node,chromium', '--backend', 'wasm', '--claims', 'rerun', '--allow-unavailable', 'chromium', ...SMALL],
        {
          env,
        },
      );
      expect(excused.stdout).toMatch(/excused \(--allow-unavailable\): chromium\/wasm not available \(chromium not available/);
      expect(excused.exitCode, excused.stderr).toBe(0);
    },
  );

  it('a kernel trace in Chromium is the same as in Node, hash for hash (wasm, 3 batches): a diagnosis can replay runs of either runtime', async () => {
    const request = resolveRunRequest({
      backend: 'wasm',
      scenario: { seed: 3, samples: 40, batchSize: 10, epochs: 2 },
      trace: { upTo: { epoch: 1, batch: 3 } },
    });
    const [node, chromium] = await Promise.all([spawnRun(request), spawnBrowserRun(request, {})]);
    expect(chromium.kernelTrace?.entries.length).toBeGreaterThan(1000);
    expect(chromium.batches).toHaveLength(3);
    expect(chromium.kernelTrace).toEqual(node.kernelTrace);
  });

  it('a browser without WebGL is a typed "not available" for webgl, with the reason and the reproduce command (exit 4)', async () => {
    // Launches this machine's Chromium (a system one, or the npm-shipped one) with neither a GPU nor SwiftShader.
    const lookup = findChromium();
    const chromium =
      lookup.kind === 'found' ? lookup.path : lookup.kind === 'npm' ? await unpackNpmChromium(resolveCacheDir(undefined, process.env), lookup.version) : 'none';
    const wrapper = path.join(tempDir(), 'chromium-without-webgl.sh');
    await writeFile(
      wrapper,
      `#!/bin/bash\nargs=()\nfor a in "$@"; do case "$a" in --use-angle=*|--enable-unsafe-swiftshader) ;; *) args+=("$a") ;; esac; done\nexec ${chromium} --disable-gpu --disable-software-rasterizer "\${args[@]}"\n`,
    );
    await chmod(wrapper, 0o755);
    const { exitCode, stderr } = await runCli(['run', '--runtime', 'chromium', '--backend', 'webgl', ...SMALL], { env: { TFJS_REPRO_CHROMIUM: wrapper } });
    expect(stderr).toMatch(/--backend webgl \(--runtime chromium\): no WebGL context could be created in this browser/);
    expect(stderr).toMatch(/reproduce: npx tfjs-repro run .* --runtime chromium/);
    expect(exitCode).toBe(4);
    expect(strayBrowsers()).toEqual([]);
  });

  it(
    'a Chromium that exits at once, or hangs at start, is a failed run with the reproduce command (exit 5); nothing is left running',
    { timeout: LONG },
    async () => {
      const crash = await runCli(['run', '--runtime', 'chromium', ...SMALL], { env: { TFJS_REPRO_CHROMIUM: '/bin/false' } });
      expect(crash.stderr).toMatch(/chromium\/wasm\/loop\/reset=none\/seed=3: /);
      expect(crash.stderr).toMatch(/reproduce: npx tfjs-repro run .* --runtime chromium/);
      expect(crash.exitCode).toBe(5);
      const hang = path.join(tempDir(), 'hanging-chromium.sh');
      await writeFile(hang, '#!/bin/sh\nexec sleep 600 # tfjs-repro-test-hang\n');
      await chmod(hang, 0o755);
      const hung = await runCli(['run', '--runtime', 'chromium', '--timeout', '2000', ...SMALL], { env: { TFJS_REPRO_CHROMIUM: hang } });
      expect(hung.stderr).toMatch(/Timeout 2000ms exceeded/);
      expect(hung.exitCode).toBe(5);
      expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toMatch(/sleep 600/);
      expect(strayBrowsers()).toEqual([]);
    },
  );

  it.each([
    ['throws an uncaught error', 'throws.js', 60_000, /page error: boom in the page/],
    ['never answers', 'silent.js', 3_000, /timed out after 3000 ms/],
    ['speaks another protocol version', 'bad-protocol.js', 60_000, /protocol error: version: expected 1, got 99 \(number\)/],
  ])(
    'a page that %s is a failed run (child-failed) with the reproduce command; the browser and the server are closed (pid, port)',
    async (_, page, timeoutMs, message) => {
      const request = resolveRunRequest({ scenario: { seed: 3, samples: 40, batchSize: 10, epochs: 2 }, backend: 'cpu' });
      const portsBefore = listeningPorts();
      const error = await spawnBrowserRun(request, { childEntry: fixturePage(page), timeoutMs }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ReproError);
      expect((error as ReproError).code).toBe('child-failed');
      expect((error as ReproError).message).toMatch(message);
      expect((error as ReproError).details.at(-1)).toMatch(/^reproduce: npx tfjs-repro run .* --runtime chromium$/);
      expect(strayBrowsers()).toEqual([]);
      expect(listeningPorts()).toEqual(portsBefore);
    },
  );

  it('SIGINT during check --runtime chromium: exit 130, and the browsers it had started are closed', { timeout: LONG }, async () => {
    const cli = execaNode(CLI, ['check', '--runtime', 'chromium', '--backend', 'wasm', '--claims', 'rerun', ...SMALL], {
      nodeOptions: [],
      extendEnv: false,
      env: { PATH: process.env.PATH ?? '' },
      reject: false,
    });
    const browsersOf = (pid: number) =>
      execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => /playwright_chromiumdev_profile/.test(line) && Number(line.trim().split(/\s+/)[1]) === pid);
    let seen: string[] = [];
    for (let i = 0; i < 200 && seen.length === 0; i++) {
      seen = browsersOf(cli.pid!);
      if (seen.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen.length, 'a browser was running when the signal came').toBeGreaterThan(0);
    cli.kill('SIGINT');
    const result = await cli;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/interrupted by SIGINT/);
    expect(strayBrowsers()).toEqual([]);
  });

  it('the tensorflow backend in chromium and webgl in Node are refused with the reason (exit 4)', async () => {
    const tf = await runCli(['run', '--runtime', 'chromium', '--backend', 'tensorflow', ...SMALL]);
    expect(tf.stderr).toMatch(/the tensorflow backend does not run in chromium; it runs in node and keras: run it with --runtime node/);
    expect(tf.exitCode).toBe(4);
    const webgl = await runCli(['run', '--backend', 'webgl', ...SMALL]);
    expect(webgl.stderr).toMatch(/the webgl backend does not run in node; it runs in chromium: run it with --runtime chromium/);
    expect(webgl.exitCode).toBe(4);
  });
});
