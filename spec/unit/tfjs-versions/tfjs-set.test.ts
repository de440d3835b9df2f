import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTfjsSet } from '../../../src/tfjs-versions/tfjs-set.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const temp = useTempDir('tfjs-set');

/** A fake package folder: just the package.json that resolution and versions read. */
async function fakePackage(root: string, name: string, version: string): Promise<void> {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
  await writeFile(path.join(dir, 'index.js'), '');
}

describe('the tfjs set a run loads: one tfjs-core, one version, or a clear error', () => {
  it("accepts a set on one core and one version, with each member's folder", async () => {
    const root = path.join(temp(), 'one');
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm'])
      await fakePackage(root, name, '4.21.0');
    const set = readTfjsSet(root, ['@tensorflow/tfjs', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm']);
    expect(set.kind).toBe('set');
    if (set.kind === 'set')
      expect(set.members.map((m) => `${m.name} ${m.version} ${m.coreVersion}`)).toEqual([
        '@tensorflow/tfjs 4.21.0 4.21.0',
        '@tensorflow/tfjs-layers 4.21.0 4.21.0',
        '@tensorflow/tfjs-backend-wasm 4.21.0 4.21.0',
      ]);
  });

  it('refuses a backend of another release, and a union that loads another tfjs-core, naming what was found and what to install', async () => {
    const root = path.join(temp(), 'mixed');
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']) await fakePackage(root, name, '4.21.0');
    await fakePackage(root, '@tensorflow/tfjs-backend-wasm', '4.22.0');
    const versions = readTfjsSet(root, ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']);
    expect(versions).toEqual({
      kind: 'problem',
      problem:
        'a mixed tfjs: @tensorflow/tfjs 4.21.0, @tensorflow/tfjs-backend-wasm 4.22.0 (all on tfjs-core 4.21.0). One version of every @tensorflow package is needed, so that they share one tfjs-core: npm install @tensorflow/tfjs@4.21.0 @tensorflow/tfjs-backend-wasm@4.21.0',
    });
    // The union brings its own core (nested): two cores in one process. (A folder of its own: Node caches resolutions.)
    const nested = path.join(temp(), 'nested');
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']) await fakePackage(nested, name, '4.21.0');
    await fakePackage(path.join(nested, 'node_modules', '@tensorflow', 'tfjs'), '@tensorflow/tfjs-core', '4.20.0');
    const cores = readTfjsSet(nested, ['@tensorflow/tfjs', '@tensorflow/tfjs-layers']);
    expect(cores.kind === 'problem' ? cores.problem : 'one set').toMatch(
      /^a mixed tfjs: @tensorflow\/tfjs 4\.21\.0 \(with tfjs-core 4\.20\.0 at .*tfjs\/node_modules\/@tensorflow\/tfjs-core\), @tensorflow\/tfjs-layers 4\.21\.0 \(with tfjs-core 4\.21\.0 at /,
    );
  });

  it('says which package is missing and how to install it', () => {
    const set = readTfjsSet(path.join(temp(), 'nothing-here'), ['@tensorflow/tfjs']);
    expect(set).toMatchObject({
      kind: 'problem',
      problem: expect.stringMatching(
        /^@tensorflow\/tfjs is not installed where tfjs-repro looks for it \(.*nothing-here\); install it: npm install @tensorflow\/tfjs$/,
      ),
    });
  });
});
