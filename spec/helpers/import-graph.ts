import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

/** `import … from './x.js'`, `import type …`, `export … from`, `import('./x.js')`: every relative module edge. */
const IMPORT_PATTERN = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative imports of every .ts file below `dir` (type-only imports included), as file → files. */
export async function readImportGraph(dir: string): Promise<Map<string, string[]>> {
  const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    const targets = [...text.matchAll(IMPORT_PATTERN)].map((m) => path.normalize(path.join(path.dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
    graph.set(
      file,
      [...new Set(targets)].filter((target) => files.includes(target)),
    );
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan), each sorted: the import cycles. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}
