import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReproError } from '../../src/errors.js';
import { kerasUnavailableReason } from '../../src/runtimes/keras/keras-environment.js';
import { hasKeptInstall, keepInstall } from '../../src/runtimes/keras/kept-install.js';
import { keptKeyFor, setupKeras } from '../../src/runtimes/keras/setup/setup-keras.js';
import { useTempDir } from '../helpers/temp-dir.js';

const temp = useTempDir('keras-kept');
// Needs what the keras runtime needs (Python 3.11 with venv); where it is missing, spec/e2e/keras.test.ts says why.
const unavailable = kerasUnavailableReason('jax');

// The kept files of an earlier environment are trusted only as far as they prove themselves: real
// Python processes import Keras on each backend from them. Here they are a broken Keras alone (no
// numpy, no backend), and pip has no source (no index, an empty wheel folder), so the set-up fails fast
// after dropping them, instead of installing 2.8 GB.
describe("setup keras's kept installed files, when they do not prove", () => {
  it.runIf(unavailable === undefined)(
    'are dropped and the set-up installs with pip instead (which here fails, says so and leaves nothing)',
    async () => {
      const dir = temp();
      const cacheDir = path.join(dir, 'cache');
      const env = {
        ...process.env,
        TFJS_REPRO_CACHE_DIR: cacheDir,
        PIP_NO_INDEX: '1',
        PIP_FIND_LINKS: path.join(dir, 'no-wheels'),
        PIP_CONFIG_FILE: '/dev/null',
      };
      const site = path.join(dir, 'kept-site');
      await mkdir(path.join(site, 'keras'), { recursive: true });
      await writeFile(path.join(site, 'keras', '__init__.py'), 'raise ImportError("a kept file gone bad")\n');
      const key = await keptKeyFor('python3', 'auto', env);
      expect(await keepInstall(cacheDir, key, site, { torchBuild: 'cpu', unavailable: {} })).toBe(true);

      const steps: string[] = [];
      const venv = path.join(dir, 'venv');
      const error = await setupKeras({ venv, env, onStep: (line) => steps.push(line) }).catch((e: unknown) => e);
      expect(steps[0]).toMatch(/^creating a virtual environment with python3 \(Python 3\.11\) of the installed files of an earlier proven environment/);
      expect(steps.find((line) => line.startsWith('the kept files did not prove'))).toMatch(
        /^the kept files did not prove \(Keras on tensorflow did not train .*installing with pip instead$/s,
      );
      expect(hasKeptInstall(cacheDir, key)).toBe(false);
      expect(error).toBeInstanceOf(ReproError);
      expect((error as ReproError).message).toMatch(/^setup keras: pip could not install the pinned packages/);
      expect((await readdir(dir)).sort()).toEqual(['cache', 'kept-site']);
    },
    60_000,
  );
});
