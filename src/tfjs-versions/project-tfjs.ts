import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where the project's tfjs resolves from: the working folder (a project, or a folder inside one:
 * resolution walks up to its node_modules, as it does to its config), when `@tensorflow/tfjs`
 * resolves there; else undefined, and runs take the tfjs installed beside tfjs-repro (its peer
 * dependency: the same copy in a project; for a global or npx install, the one that came with it).
 */
export function projectTfjsFrom(cwd: string = process.cwd()): string | undefined {
  try {
    createRequire(path.join(cwd, 'noop.js')).resolve('@tensorflow/tfjs/package.json');
    return cwd;
  } catch {
    return undefined;
  }
}
