import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, readImportGraph } from '../../helpers/import-graph.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

describe('the modules of src/', () => {
  it('import each other without a cycle (type-only imports count too)', async () => {
    const cycles = findCycles(await readImportGraph(SRC));
    expect(
      cycles.map((c) => c.join(', ')),
      'import cycles in src/: move the shared piece into a leaf module',
    ).toEqual([]);
  });

  it('the cycle finder finds a cycle when there is one (a → b → c → a, and a self-import)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });
});
