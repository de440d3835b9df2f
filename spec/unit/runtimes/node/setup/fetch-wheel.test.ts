import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from '../../../../../src/cache-dir.js';
import { extractWheel, fetchWheel } from '../../../../../src/runtimes/node/setup/fetch-wheel.js';
import type { TensorflowWheel } from '../../../../../src/runtimes/node/tensorflow-pins.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const temp = useTempDir('wheel');
const freshDir = () => mkdtemp(path.join(temp(), 'case-'));
const WHEEL: TensorflowWheel = { distribution: 'tensorflow-cpu', version: '2.18.1', file: 'tensorflow_cpu-test.whl', sha256: '0'.repeat(64) };

/** A zip laid out as a TensorFlow wheel, made by Python's zipfile as the set-up reads it. */
async function makeWheel(file: string, members: readonly string[]): Promise<void> {
  const script = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    for m in sys.argv[2:]: z.writestr(m, "content of " + m)\n';
  await execa('python3', ['-c', script, file, ...members]);
}

describe('the wheel cache', () => {
  it('is --cache-dir, else TFJS_REPRO_CACHE_DIR, else XDG_CACHE_HOME/tfjs-repro, else ~/.cache/tfjs-repro', () => {
    expect(resolveCacheDir('/a', { TFJS_REPRO_CACHE_DIR: '/b', XDG_CACHE_HOME: '/c' })).toBe('/a');
    expect(resolveCacheDir(undefined, { TFJS_REPRO_CACHE_DIR: '/b', XDG_CACHE_HOME: '/c' })).toBe('/b');
    expect(resolveCacheDir(undefined, { XDG_CACHE_HOME: '/c' })).toBe('/c/tfjs-repro');
    expect(resolveCacheDir(undefined, {})).toMatch(/\.cache\/tfjs-repro$/);
  });

  it('a cached wheel whose SHA-256 is not the pinned one is removed, never used', async () => {
    const cache = await freshDir();
    await mkdir(path.join(cache, 'wheels'), { recursive: true });
    await writeFile(path.join(cache, 'wheels', WHEEL.file), 'tampered');
    const fetched = await fetchWheel(WHEEL, cache, path.join(cache, 'no-python'));
    expect(fetched.kind).toBe('failed');
    expect(fetched.kind === 'failed' && fetched.reason).toMatch(/pip could not download tensorflow-cpu==2\.18\.1 \(not found\)/);
    expect(existsSync(path.join(cache, 'wheels', WHEEL.file))).toBe(false);
  });
});

describe('extracting a wheel', () => {
  it('takes the two libraries and the headers, and nothing else', async () => {
    const dir = await freshDir();
    const wheel = path.join(dir, 'w.whl');
    await makeWheel(wheel, [
      'tensorflow/libtensorflow_cc.so.2',
      'tensorflow/libtensorflow_framework.so.2',
      'tensorflow/include/tensorflow/c/c_api.h',
      'tensorflow/python/x.py',
    ]);
    const dest = path.join(dir, 'lib');
    expect(await extractWheel(wheel, dest, 'python3')).toEqual({ kind: 'ok', cached: false });
    expect((await readdir(dest, { recursive: true })).map(String).sort()).toEqual([
      'include',
      'include/tensorflow',
      'include/tensorflow/c',
      'include/tensorflow/c/c_api.h',
      'lib',
      'lib/libtensorflow_cc.so.2',
      'lib/libtensorflow_framework.so.2',
    ]);
    expect(await extractWheel(wheel, dest, 'python3')).toEqual({ kind: 'ok', cached: true });
  });

  it('a wheel without a library fails with its name and leaves no folder behind', async () => {
    const dir = await freshDir();
    const wheel = path.join(dir, 'w.whl');
    await makeWheel(wheel, ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/include/tensorflow/c/c_api.h']);
    const dest = path.join(dir, 'lib');
    const result = await extractWheel(wheel, dest, 'python3');
    expect(result).toEqual({ kind: 'failed', reason: 'w.whl holds no libtensorflow_framework.so.2 under tensorflow/' });
    expect(await readdir(dir)).toEqual(['w.whl']);
  });
});
