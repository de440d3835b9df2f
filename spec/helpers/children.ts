import { fileURLToPath } from 'node:url';

/** Path of a fixture child under spec/fixtures/children. */
export function fixtureChild(name: string): string {
  return fileURLToPath(new URL(`../fixtures/children/${name}.mjs`, import.meta.url));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
