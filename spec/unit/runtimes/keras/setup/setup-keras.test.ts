import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingFiles, setupKeras } from '../../../../../src/runtimes/keras/setup/setup-keras.js';
import { kerasUnavailableReason } from '../../../../../src/runtimes/keras/keras-environment.js';
import { ReproError } from '../../../../../src/errors.js';

describe('setup keras: clear failures, nothing half-made', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tfjs-repro-setup-keras-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without a Python, or with the wrong one, exits 6 saying what to do, and writes nothing', async () => {
    const venv = path.join(dir, 'venv');
    const missing = await setupKeras({ python: path.join(dir, 'no-such-python'), venv }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ReproError);
    expect((missing as ReproError).code).toBe('setup-failed');
    expect((missing as ReproError).message).toMatch(
      /^setup keras: .*no-such-python cannot create a virtual environment \(not found\)\nWhat to do: install Python 3\.11 with its venv module/,
    );
    const old = path.join(dir, 'python3.9');
    await writeFile(old, '#!/bin/sh\necho 3.9\n');
    await chmod(old, 0o755);
    const wrong = await setupKeras({ python: old, venv }).catch((e: unknown) => e);
    expect((wrong as ReproError).message).toMatch(
      /python3\.9 is Python 3\.9; the pinned wheels are for Python 3\.11\nWhat to do: name a Python 3\.11 with --python/,
    );
    expect(await readdir(dir)).toEqual(['python3.9']);
  });

  it('the runtime names what is missing and the command that fixes it', () => {
    expect(kerasUnavailableReason('jax', { TFJS_REPRO_KERAS_VENV: path.join(dir, 'none') })).toMatch(
      /^no Keras environment at .*none; run `npx tfjs-repro setup keras` \(needs Python 3\.11 with venv and pip, and the Python package index\)\.$/,
    );
    expect(kerasUnavailableReason('webgl')).toMatch(/runs Keras 3 on tensorflow, jax, torch, not webgl/);
  });

  it("verifies what pip installed instead of trusting its stamp: every file of every package's RECORD must be on disk", async () => {
    const site = path.join(dir, 'site-packages');
    await mkdir(path.join(site, 'jax-0.10.2.dist-info'), { recursive: true });
    await mkdir(path.join(site, 'jax'), { recursive: true });
    await writeFile(path.join(site, 'jax', '__init__.py'), '');
    await writeFile(
      path.join(site, 'jax-0.10.2.dist-info', 'RECORD'),
      [
        'jax/__init__.py,sha256=abc,0',
        'jax/a,b.py,sha256=abc,0', // a path with a comma: the last two fields never have one
        'jax/__pycache__/x.cpython-311.pyc,,', // compiled files may come and go
        '../../../bin/jax-tool,sha256=abc,0', // outside site-packages: not checked
        'jax-0.10.2.dist-info/RECORD,,',
        '',
      ].join('\n'),
    );
    expect(await missingFiles(site)).toEqual(['jax/a,b.py']);
    await writeFile(path.join(site, 'jax', 'a,b.py'), '');
    expect(await missingFiles(site)).toEqual([]);
    await rm(path.join(site, 'jax'), { recursive: true });
    expect(await missingFiles(site)).toEqual(['jax/__init__.py', 'jax/a,b.py']);
  });
});
