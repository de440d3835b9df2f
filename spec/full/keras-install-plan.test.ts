import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const python = path.join(root, 'python');
const temp = useTempDir('install-plan');

interface Plan {
  readonly resolved: boolean;
  readonly installs: readonly string[];
  readonly unmet: readonly string[];
  readonly pipError: string | null;
}

/**
 * What `setup keras` would install, resolved by pip (nothing installed) as a user's machine sees it:
 * only the Python package index — this project's machines' local wheel folder (PIP_FIND_LINKS), pip's
 * config files (their extra indexes and constraints) and pip's cache all hidden.
 */
async function planAsAUserSees(lists: readonly string[]): Promise<Plan> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PIP_') && !key.startsWith('VITEST')));
  const result = await execa('python3', [path.join(python, 'check_install_plan.py'), ...lists], {
    env: { ...env, PIP_CONFIG_FILE: '/dev/null', PIP_CACHE_DIR: path.join(temp(), 'pip-cache'), PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    extendEnv: false,
    reject: false,
    timeout: 170_000,
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Plan;
}

describe("setup keras's install plan, as a machine that sees only the Python package index resolves it", () => {
  it('Keras, TensorFlow and JAX resolve whole; PyTorch has no CPU build there (keras/torch: not available); its CUDA list resolves whole', async () => {
    const cuda = await planAsAUserSees(['requirements-keras.txt', 'requirements-torch-cuda.txt'].map((f) => path.join(python, f)));
    expect(cuda.pipError).toBeNull();
    // Every requirement of every planned wheel is in the plan: `pip install --no-deps` leaves nothing out.
    expect(cuda.unmet).toEqual([]);
    expect(cuda.installs).toEqual(
      expect.arrayContaining(['keras==3.15.1', 'tensorflow-cpu==2.20.0', 'jax==0.10.2', 'torch==2.13.0', 'nvidia-cudnn-cu13==9.20.0.48']),
    );

    // The default (--torch auto) tries the CPU build: from the index alone pip has none, which the
    // set-up turns into "keras/torch not available" with the command that adds it.
    const cpu = await planAsAUserSees([path.join(python, 'requirements-torch-cpu.txt')]);
    expect(cpu.pipError).toMatch(/No matching distribution found for torch==2\.13\.0\+cpu/);

    // The check can fail: torch==2.13.0 alone (what the set-up used to install with --no-deps) is the
    // CUDA build without its NVIDIA packages, whose import fails (libcudnn.so.9).
    const plain = path.join(temp(), 'requirements-torch-plain.txt');
    await writeFile(plain, 'torch==2.13.0\n');
    const broken = await planAsAUserSees([plain]);
    expect(broken.resolved).toBe(true);
    expect(broken.unmet).toEqual(expect.arrayContaining([expect.stringMatching(/^torch 2\.13\.0 needs nvidia-cudnn-cu13==9\.20\.0\.48/)]));
  }, 180_000);
});
