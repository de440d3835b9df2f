import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

export interface FunctionSize {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

/** Every function of every .ts file below `dir` (declarations, methods, arrows, expressions), with its length in lines. */
export async function measureFunctions(dir: string): Promise<FunctionSize[]> {
  const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const sizes: FunctionSize[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, await readFile(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        sizes.push({ file, name: functionName(node), line: start + 1, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sizes.sort((a, b) => b.lines - a.lines);
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent !== undefined && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}
