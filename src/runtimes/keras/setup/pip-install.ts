import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** pip's arguments for what it installs: pins, or `-r` and a list. */
export function pipInstall(what: readonly string[], hashed = false): string[] {
  return [
    '-m',
    'pip',
    'install',
    // pip byte-compiles every module it installs (38 of the keras list's 55 CPU-seconds here);
    // the proofs compile what Keras on each backend imports, and compileall the rest of Keras.
    '--no-compile',
    '--no-deps',
    '--only-binary=:all:',
    ...(hashed ? ['--require-hashes'] : []),
    '--disable-pip-version-check',
    '--no-input',
    ...what,
  ];
}

/** The requirement lines of a pinned list (`name==version`), without its comments and blank lines. */
export async function readPins(list: string): Promise<string[]> {
  return (await readFile(list, 'utf8'))
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** A list's path as a step names it: relative to the working folder when inside it. */
export function listPath(file: string): string {
  const inside = path.relative(process.cwd(), file);
  return inside === '' || inside.startsWith('..') ? file : inside;
}
