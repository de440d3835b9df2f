import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isReleaseInstalled, releaseDir } from '../../../src/tfjs-versions/tfjs-release.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const temp = useTempDir('tfjs-release');
const RELEASE = fileURLToPath(new URL('../../../dist/tfjs-versions/tfjs-release.js', import.meta.url));

/**
 * A stand-in for npm (TFJS_REPRO_NPM): it logs each install, takes half a second, and writes a
 * package.json per spec under --prefix; a spec of version 9.9.9 is "not published" (ETARGET).
 */
async function fakeNpm(dir: string): Promise<string> {
  const file = path.join(dir, 'fake-npm.mjs');
  await writeFile(
    file,
    `#!/usr/bin/env node
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const args = process.argv.slice(2);
const prefix = args[args.indexOf('--prefix') + 1];
const specs = args.filter((a) => a.startsWith('@tensorflow/'));
appendFileSync(${JSON.stringify(path.join(dir, 'installs.log'))}, specs.join(' ') + '\\n');
await new Promise((r) => setTimeout(r, 500));
for (const spec of specs) {
  const [, name, version] = /^(@tensorflow\\/[^@]+)@(.+)$/.exec(spec);
  if (version === '9.9.9') { process.stderr.write('npm error code ETARGET\\nnpm error notarget No matching version found for ' + spec + '.\\n'); process.exit(1); }
  mkdirSync(path.join(prefix, 'node_modules', name), { recursive: true });
  writeFileSync(path.join(prefix, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
}
`,
  );
  await chmod(file, 0o755);
  return file;
}

const ensure = (cacheDir: string, npm: string, version: string) =>
  promisify(execFile)(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { ensureRelease } = await import(${JSON.stringify(RELEASE)}); console.log(await ensureRelease(${JSON.stringify(version)}, { cacheDir: ${JSON.stringify(cacheDir)} }));`,
    ],
    {
      env: { PATH: process.env.PATH ?? '', TFJS_REPRO_NPM: npm },
    },
  );

describe('a published release in the cache', () => {
  it('two commands installing the same release at once: one install, both use the one whole folder', async () => {
    const dir = path.join(temp(), 'concurrent');
    await mkdir(dir, { recursive: true });
    const npm = await fakeNpm(dir);
    const [a, b] = await Promise.all([ensure(dir, npm, '4.21.0'), ensure(dir, npm, '4.21.0')]);
    expect(a.stdout.trim()).toBe(releaseDir(dir, '4.21.0'));
    expect(b.stdout.trim()).toBe(a.stdout.trim());
    const installs = (await readFile(path.join(dir, 'installs.log'), 'utf8')).trim().split('\n');
    // The core set once, then the optional wasm backend once.
    expect(installs).toEqual([
      '@tensorflow/tfjs@4.21.0 @tensorflow/tfjs-core@4.21.0 @tensorflow/tfjs-layers@4.21.0 @tensorflow/tfjs-backend-cpu@4.21.0',
      '@tensorflow/tfjs-backend-wasm@4.21.0',
    ]);
    expect(isReleaseInstalled(dir, '4.21.0')).toBe(true);
    expect((await readdir(path.join(dir, 'tfjs'))).sort()).toEqual(['4.21.0']);
  });

  it('a folder half-written by a killed install is never used: it is replaced; an unpublished version is exit-2 input, with nothing left behind', async () => {
    const dir = path.join(temp(), 'half');
    await mkdir(path.join(releaseDir(dir, '4.20.0'), 'node_modules'), { recursive: true });
    const npm = await fakeNpm(dir);
    expect(isReleaseInstalled(dir, '4.20.0')).toBe(false);
    await ensure(dir, npm, '4.20.0');
    expect(isReleaseInstalled(dir, '4.20.0')).toBe(true);
    const missing = await ensure(dir, npm, '9.9.9').catch((error: { stderr: string }) => error.stderr);
    expect(missing).toMatch(/--tfjs: @tensorflow\/tfjs@9\.9\.9 is not published on the npm registry/);
    expect((await readdir(path.join(dir, 'tfjs'))).sort()).toEqual(['4.20.0']);
  });
});
