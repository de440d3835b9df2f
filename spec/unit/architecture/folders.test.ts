import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureFunctions } from '../../helpers/function-sizes.js';
import { folderGraph, readImportGraph, twoWayTies } from '../../helpers/import-graph.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

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

  it("asks the runtime registry, never a runtime's name, outside src/runtimes/", async () => {
    const files = (await readdir(SRC, { recursive: true })).map(String).filter((f) => f.endsWith('.ts') && !f.startsWith(`runtimes${path.sep}`));
    const found: string[] = [];
    for (const file of files) {
      const lines = (await readFile(path.join(SRC, file), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (/(?:runtime\s*[!=]==\s*'|[!=]==\s*'(?:node|chromium|keras)'|'(?:node|chromium|keras)'\s*[!=]==)/.test(line))
          found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
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
