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

/**
 * The folder of a file of src/ for the folder graph: its top folder, and each runtime's own
 * folder under runtimes/ (runtimes/node, runtimes/chromium, …); a file at the top is its own node
 * (`errors.ts`, a leaf; `cli.ts`, an entry).
 */
export function folderOf(file: string): string {
  const parts = file.split(/[\\/]/);
  if (parts.length === 1) return parts[0]!;
  return parts[0] === 'runtimes' && parts.length > 2 ? `runtimes/${parts[1]}` : parts[0]!;
}

/** Which folders each folder imports from (edges inside a folder left out). */
export function folderGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    if (!folders.has(from)) folders.set(from, new Set());
    for (const target of targets) if (folderOf(target) !== from) folders.get(from)!.add(folderOf(target));
  }
  return folders;
}

/** Pairs of folders that import each other, each as `a ⇄ b` (a before b), sorted. */
export function twoWayTies(folders: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const ties: string[] = [];
  for (const [a, targets] of folders) for (const b of targets) if (a < b && folders.get(b)?.has(a)) ties.push(`${a} ⇄ ${b}`);
  return ties.sort();
}
