import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../helpers/temp-dir.js';
import { buildAddon, dropKeptAddon, keptAddonPath, type BuildAddonOptions } from '../../../../../src/runtimes/node/setup/build-addon.js';
import { TENSORFLOW_WHEELS, WHEEL_LIBRARIES } from '../../../../../src/runtimes/node/tensorflow-pins.js';

describe("setup tensorflow's kept addon", () => {
  const temp = useTempDir('kept-addon');
  let options: BuildAddonOptions;
  beforeAll(async () => {
    const dir = temp();
    const packageDir = path.join(dir, 'tfjs-node');
    await mkdir(path.join(packageDir, 'binding'), { recursive: true });
    await writeFile(path.join(packageDir, 'binding', 'tfjs_binding.cc'), '// the binding\n');
    await writeFile(path.join(packageDir, 'binding.gyp'), '{}\n');
    const libDir = path.join(dir, 'libtensorflow');
    await mkdir(path.join(libDir, 'lib'), { recursive: true });
    await mkdir(path.join(libDir, 'include'), { recursive: true });
    for (const lib of WHEEL_LIBRARIES) await writeFile(path.join(libDir, 'lib', lib), '');
    options = {
      packageDir,
      libDir,
      wheel: TENSORFLOW_WHEELS[0]!,
      // A node-gyp that does not exist: any attempt to compile fails.
      tools: { python: 'python3', pipVersion: '23.2.1', nodeGyp: path.join(dir, 'no-node-gyp', 'bin', 'node-gyp.js'), nodeDir: '/usr' },
      addonPath: path.join(packageDir, 'lib', 'napi-v8', 'tfjs_binding.node'),
      workDir: path.join(dir, 'cache'),
    };
  });

  it('is placed without compiling when the build read the same sources; --force (rebuild) compiles; other sources are another key', async () => {
    expect(await buildAddon(options)).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^node-gyp could not build the addon/) });
    const kept = await keptAddonPath(options);
    await mkdir(path.dirname(kept), { recursive: true });
    await writeFile(kept, 'a built addon');
    expect(await buildAddon(options)).toEqual({ kind: 'ok', kept });
    expect(await readFile(options.addonPath, 'utf8')).toBe('a built addon');
    expect(existsSync(path.join(options.packageDir, 'deps', 'lib', WHEEL_LIBRARIES[0]))).toBe(true);
    expect(await buildAddon({ ...options, rebuild: true })).toMatchObject({ kind: 'failed' });

    await writeFile(path.join(options.packageDir, 'binding', 'tfjs_binding.cc'), '// another binding\n');
    expect(await keptAddonPath(options)).not.toBe(kept);
    await dropKeptAddon(kept);
    expect(existsSync(path.dirname(kept))).toBe(false);
  });
});
