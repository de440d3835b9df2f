import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMPILE_CACHE_NODE, enableCodeCache } from '../../../src/runtimes/node/code-cache.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const temp = useTempDir('code-cache');
const require = createRequire(import.meta.url);

/** A CommonJS module of `size` characters in `folder` whose `sum` adds `offset` (one digit: the length stays). */
function writeModule(folder: string, size: number, offset = 0): string {
  const file = path.join(temp(), folder, 'bundle.cjs');
  mkdirSync(path.dirname(file), { recursive: true });
  const filler = `// ${'x'.repeat(size)}\n`;
  writeFileSync(
    file,
    `${filler}exports.sum = (a, b) => a + b + ${offset};\nexports.here = __dirname;\nexports.loaded = require('node:path').basename(__filename);\n`,
  );
  return file;
}

/** Requires `file` afresh in this process (its module cache forgets it first). */
function load<T>(file: string): T {
  delete require.cache[file];
  return require(file) as T;
}

type Bundle = { sum(a: number, b: number): number; here: string; loaded: string };

/**
 * Loads `file` in a fresh Node process with the cache enabled, as a child does (V8 keeps compiled
 * scripts in memory too, so a second load in one process would not read the cache): its sum(2, 3),
 * the files compiled from cached data, and the files whose data it wrote. Runs the built module (dist/).
 */
function loadInChild(cacheDir: string, file: string): { sum: number; hits: number; saved: number } {
  const script = `const { enableCodeCache } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist', 'runtimes', 'node', 'code-cache.js')).href)});
const cache = enableCodeCache(${JSON.stringify(cacheDir)});
const { createRequire } = await import('node:module');
const sum = createRequire(import.meta.url)(${JSON.stringify(file)}).sum(2, 3);
const hits = cache.hits;
console.log(JSON.stringify({ sum, hits, saved: cache.save() }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
    sum: number;
    hits: number;
    saved: number;
  };
}

describe("the children's code cache (Node 20's stand-in for module.enableCompileCache)", () => {
  it('compiles a large CommonJS file from the data an earlier process saved; refused data is made again', () => {
    // In this process: the module gets its own exports, __dirname, __filename and require; its data is written.
    const bundle = writeModule('a', 100_000);
    const here = enableCodeCache(path.join(temp(), 'in-process-cache'));
    const cold = load<Bundle>(bundle);
    expect([cold.sum(2, 3), cold.here, cold.loaded]).toEqual([5, path.join(temp(), 'a'), 'bundle.cjs']);
    expect([here.hits, here.save()]).toEqual([0, 1]);

    // Process after process, as children: the first writes the data, the next compiles from it.
    const cacheDir = path.join(temp(), 'cache');
    expect(loadInChild(cacheDir, bundle)).toEqual({ sum: 5, hits: 0, saved: 1 });
    const [saved] = readdirSync(cacheDir);
    expect(saved).toMatch(/^[0-9a-f]{40}\.bin$/);
    expect(loadInChild(cacheDir, bundle)).toEqual({ sum: 5, hits: 1, saved: 0 });

    // Data V8 refuses (here: garbage) is not a failure: the file compiles anew and the data is replaced.
    writeFileSync(path.join(cacheDir, saved!), 'not V8 data');
    expect(loadInChild(cacheDir, bundle)).toEqual({ sum: 5, hits: 0, saved: 1 });
    expect(readFileSync(path.join(cacheDir, saved!)).toString()).not.toBe('not V8 data');
    expect(readdirSync(cacheDir)).toEqual([saved]);
    expect(loadInChild(cacheDir, bundle)).toEqual({ sum: 5, hits: 1, saved: 0 });
  });

  it('a file rewritten with other source of the same length is compiled from that source, never from the old data', () => {
    const cacheDir = path.join(temp(), 'rewrite-cache');
    // npm gives every file it unpacks the same mtime (1985-10-26): so does this test.
    const npmTime = new Date('1985-10-26T08:15:00Z');
    const file = writeModule('e', 100_000, 1);
    utimesSync(file, npmTime, npmTime);
    expect(loadInChild(cacheDir, file)).toEqual({ sum: 6, hits: 0, saved: 1 });
    expect(loadInChild(cacheDir, file)).toEqual({ sum: 6, hits: 1, saved: 0 });
    // Same path and inode, same length, same mtime: only the ctime that the rewrite gets tells the files apart.
    writeModule('e', 100_000, 7);
    utimesSync(file, npmTime, npmTime);
    expect(loadInChild(cacheDir, file)).toEqual({ sum: 12, hits: 0, saved: 1 });
  });

  it('leaves small files to Node, and a folder it cannot write costs nothing but the time', () => {
    const small = enableCodeCache(path.join(temp(), 'small-cache'));
    load(writeModule('small', 1_000));
    expect(small.save()).toBe(0);
    const blocked = path.join(temp(), 'not-a-folder');
    writeFileSync(blocked, '');
    const unwritable = enableCodeCache(path.join(blocked, 'cache'));
    expect(load<Bundle>(writeModule('d', 100_000)).sum(2, 2)).toBe(4);
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
