import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureFunctions } from '../../helpers/function-sizes.js';
import { folderGraph, readImportGraph, twoWayTies } from '../../helpers/import-graph.js';
import { BACKEND_NAMES, RUNTIME_NAMES } from '../../../src/runtimes/runtime-profiles.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Every runtime's and backend's name (and webgpu's, which the browser will take), as string literals in any quoting. */
const NAMES = [...new Set([...RUNTIME_NAMES, ...BACKEND_NAMES, 'webgpu'])];

/** `line: 'name'` for each runtime or backend name written as a whole string literal, comments left out. */
function nameLiterals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const literal = new RegExp(`(['"\`])(?:${NAMES.join('|')})\\1`, 'g');
  return code.split('\n').flatMap((line, i) => [...line.matchAll(literal)].map((m) => `${i + 1}: ${m[0]}`));
}

/** The longest a function of src/ may be, in lines (a command's help text included). */
const MAX_FUNCTION_LINES = 80;

describe('the shape of src/', () => {
  it('no two folders import each other (each folder is a layer above the ones it imports)', async () => {
    const folders = folderGraph(await readImportGraph(SRC));
    const layers = [...folders].map(([folder, targets]) => `${folder} → ${[...targets].sort().join(', ')}`).sort();
    expect(twoWayTies(folders), layers.join('\n')).toEqual([]);
  });

  it('the tie finder finds a two-way tie when there is one', () => {
    const graph = new Map([
      ['run/a.ts', ['train/b.ts']],
      ['train/b.ts', ['run/c.ts']],
      ['run/c.ts', []],
      ['errors.ts', []],
    ]);
    expect(twoWayTies(folderGraph(graph))).toEqual(['run ⇄ train']);
  });

  it("names no runtime or backend outside src/runtimes/: every fact about one is its runtime's", async () => {
    const files = (await readdir(SRC, { recursive: true })).map(String).filter((f) => f.endsWith('.ts') && !f.startsWith(`runtimes${path.sep}`));
    const found: string[] = [];
    for (const file of files) found.push(...nameLiterals(await readFile(path.join(SRC, file), 'utf8')).map((hit) => `${file}:${hit}`));
    expect(found).toEqual([]);
  });

  it('the name finder sees a planted name in any quoting, and not in comments or longer words', () => {
    const planted = [
      "const a = x === 'keras';",
      'const b = ["cpu", "wasm"];',
      'const c = `tensorflow`;',
      "// a comment naming 'node' is fine",
      "/* and 'webgl' in a block comment */ const d = 'node:os';",
      "const e = '@tensorflow/tfjs-backend-cpu';",
    ].join('\n');
    expect(nameLiterals(planted)).toEqual(["1: 'keras'", '2: "cpu"', '2: "wasm"', '3: `tensorflow`']);
  });
  it(`no function is longer than ${MAX_FUNCTION_LINES} lines`, async () => {
    const long = (await measureFunctions(SRC)).filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${f.file}:${f.line} ${f.name}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it('the function measure sees a long function (a 91-line one is measured at 91)', async () => {
    const sizes = await measureFunctions(fileURLToPath(new URL('../../fixtures/long-function/', import.meta.url)));
    expect(sizes.map((f) => `${f.name}: ${f.lines}`)).toEqual(['long: 91', 'inner: 3']);
  });
});
