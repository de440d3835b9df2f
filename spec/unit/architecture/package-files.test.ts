import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KERAS_CHILD_SCRIPT, KERAS_REQUIREMENTS, PROVE_BACKEND_SCRIPT, TORCH_REQUIREMENTS } from '../../../src/runtimes/keras/keras-environment.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Whether a path of the package is matched by one of package.json's `files` patterns (`*` within a folder). */
function packed(file: string, patterns: readonly string[]): boolean {
  const matches = (pattern: string) => new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`).test(file);
  return patterns.some((p) => !p.startsWith('!') && matches(p)) && !patterns.some((p) => p.startsWith('!') && matches(p.slice(1)));
}

describe('the installed package', () => {
  it('ships every file the keras runtime reads at run or set-up time (an installed tfjs-repro runs `setup keras`)', async () => {
    const { files } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    const needed = [
      KERAS_CHILD_SCRIPT,
      KERAS_REQUIREMENTS,
      PROVE_BACKEND_SCRIPT,
      ...Object.values(TORCH_REQUIREMENTS),
      path.join(ROOT, 'python', 'protocol.json'),
    ];
    expect(needed.map((file) => path.relative(ROOT, file)).filter((file) => !packed(file, files))).toEqual([]);
    // The check can fail: a list without the torch requirements leaves them out.
    expect(packed('python/requirements-torch-cpu.txt', ['python/*.py'])).toBe(false);
  });
});
