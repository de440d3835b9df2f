import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonPathOf, tensorflowAddonState, tensorflowUnavailableReason } from '../../../src/runtimes/node/tensorflow-addon.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const temp = useTempDir('addon');

/** A package folder with tfjs-node 4.22's `binary` section. */
async function fakePackage(): Promise<string> {
  const dir = await mkdtemp(path.join(temp(), 'tfjs-node-'));
  const binary = { module_name: 'tfjs_binding', module_path: './lib/napi-v{napi_build_version}', napi_versions: [3, 4, 5, 6, 7, 8] };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', binary }));
  return dir;
}

describe('where tfjs-node loads its addon from', () => {
  it('is module_path with the highest N-API version both the package and Node support, as node-pre-gyp computes it', async () => {
    const dir = await fakePackage();
    expect(addonPathOf(dir, 9)).toBe(path.join(dir, 'lib', 'napi-v8', 'tfjs_binding.node'));
    expect(addonPathOf(dir, 6)).toBe(path.join(dir, 'lib', 'napi-v6', 'tfjs_binding.node'));
  });
});

describe('why the tensorflow backend is not available', () => {
  it('no package: says npm dropped it, links the upstream issue and names the set-up command', () => {
    const state = tensorflowAddonState(path.join(temp(), 'nowhere'));
    expect(state).toEqual({ kind: 'no-package' });
    expect(tensorflowUnavailableReason(state)).toMatch(/@tensorflow\/tfjs-node is not installed.*tensorflow\/tfjs#8742.*npx tfjs-repro setup tensorflow/s);
  });

  it('package without its addon: names the missing file and the set-up command; with the addon, nothing', async () => {
    const dir = await fakePackage();
    const state = tensorflowAddonState(dir);
    expect(state.kind).toBe('no-addon');
    expect(tensorflowUnavailableReason(state)).toMatch(/native addon is missing \(.*napi-v\d\/tfjs_binding\.node.*npx tfjs-repro setup tensorflow/s);
    const addon = addonPathOf(dir);
    await mkdir(path.dirname(addon), { recursive: true });
    await writeFile(addon, '');
    expect(tensorflowAddonState(dir).kind).toBe('ready');
    expect(tensorflowUnavailableReason(tensorflowAddonState(dir))).toBeUndefined();
  });

  it('addon built, but the libtensorflow it links has gone (a cleared cache): names the dangling link and the command that restores it', async () => {
    const dir = await fakePackage();
    const addon = addonPathOf(dir);
    await mkdir(path.dirname(addon), { recursive: true });
    await writeFile(addon, '');
    const cache = path.join(dir, 'cache-lib');
    await mkdir(cache);
    await writeFile(path.join(cache, 'libtensorflow_cc.so.2'), '');
    await mkdir(path.join(dir, 'deps', 'lib'), { recursive: true });
    await symlink(path.join(cache, 'libtensorflow_cc.so.2'), path.join(dir, 'deps', 'lib', 'libtensorflow_cc.so.2'));
    expect(tensorflowAddonState(dir).kind).toBe('ready');
    await rm(cache, { recursive: true });
    const state = tensorflowAddonState(dir);
    expect(state.kind).toBe('no-library');
    expect(tensorflowUnavailableReason(state)).toMatch(
      /has gone \(.*deps\/lib\/libtensorflow_cc\.so\.2 → .*cache-lib\/libtensorflow_cc\.so\.2 is missing.*Run `npx tfjs-repro setup tensorflow` to restore it/s,
    );
  });
});
