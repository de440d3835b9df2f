import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPILE_CACHE_NODE, enableCodeCache } from '../../../src/runtimes/node/code-cache.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const temp = useTempDir('code-cache');
const require = createRequire(import.meta.url);

/** A CommonJS module of `size` characters whose export says which copy it is. */
function writeModule(folder: string, size: number): string {
  const file = path.join(temp(), folder, 'bundle.cjs');
  mkdirSync(path.dirname(file), { recursive: true });
  const filler = `// ${'x'.repeat(size)}\n`;
  writeFileSync(file, `${filler}exports.sum = (a, b) => a + b;\nexports.here = __dirname;\nexports.loaded = require('node:path').basename(__filename);\n`);
  return file;
}

describe("the children's code cache (Node 20's stand-in for module.enableCompileCache)", () => {
  it('compiles a large CommonJS file from the data an earlier process saved; refused data is made again', () => {
    const cacheDir = path.join(temp(), 'cache');
    const first = enableCodeCache(cacheDir);
    const cold = require(writeModule('a', 100_000)) as { sum(a: number, b: number): number; here: string; loaded: string };
    expect([cold.sum(2, 3), cold.here, cold.loaded]).toEqual([5, path.join(temp(), 'a'), 'bundle.cjs']);
    expect([first.hits, first.save()]).toEqual([0, 1]);
    const [saved] = readdirSync(cacheDir);
    expect(saved).toMatch(/^[0-9a-f]{40}\.bin$/);

    // The same source elsewhere (as in a second child): compiled from the cache, nothing to save.
    const second = enableCodeCache(cacheDir);
    expect((require(writeModule('b', 100_000)) as { here: string }).here).toBe(path.join(temp(), 'b'));
    expect([second.hits, second.save()]).toEqual([1, 0]);

    // Data V8 refuses (here: garbage) is not a failure: the file compiles anew and the data is replaced.
    writeFileSync(path.join(cacheDir, saved!), 'not V8 data');
    const third = enableCodeCache(cacheDir);
    expect((require(writeModule('c', 100_000)) as { sum(a: number, b: number): number }).sum(1, 1)).toBe(2);
    expect([third.hits, third.save()]).toEqual([0, 1]);
    expect(readFileSync(path.join(cacheDir, saved!)).toString()).not.toBe('not V8 data');
    expect(readdirSync(cacheDir)).toEqual([saved]);
  });

  it('leaves small files to Node, and a folder it cannot write costs nothing but the time', () => {
    const small = enableCodeCache(path.join(temp(), 'small-cache'));
    require(writeModule('small', 1_000));
    expect(small.save()).toBe(0);
    const blocked = path.join(temp(), 'not-a-folder');
    writeFileSync(blocked, '');
    const unwritable = enableCodeCache(path.join(blocked, 'cache'));
    expect((require(writeModule('d', 100_000)) as { sum(a: number, b: number): number }).sum(2, 2)).toBe(4);
    expect(unwritable.save()).toBe(1);
    expect(readdirSync(temp()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it(`canary: still needed while package.json's engines admit a Node older than ${COMPILE_CACHE_NODE} (which has module.enableCompileCache)`, () => {
    const engines = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const [major, minor] = /(\d+)\.(\d+)/.exec(engines)!.slice(1).map(Number) as [number, number];
    const [needMajor, needMinor] = COMPILE_CACHE_NODE.split('.').map(Number) as [number, number];
    expect(
      major < needMajor || (major === needMajor && minor < needMinor),
      `engines.node is ${engines}: delete the Node 20 path of src/runtimes/node/code-cache.ts and call module.enableCompileCache`,
    ).toBe(true);
  });
});
