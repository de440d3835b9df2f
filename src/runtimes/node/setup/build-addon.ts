import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { keepOnly } from '../../../cache-dir.js';
import path from 'node:path';
import { runTool } from '../../../run/run-tool.js';
import type { BuildTools } from './build-tools.js';
import { INSTALL_RECORD_FILE, WHEEL_LIBRARIES, type TensorflowWheel } from '../tensorflow-pins.js';

/** What a run's provenance says of the libtensorflow under the tensorflow backend. */
export interface InstallRecord {
  readonly format: 'tfjs-repro/libtensorflow';
  readonly source: string;
  readonly version: string;
  readonly sha256: string;
}

/** binding.gyp links `-ltensorflow -ltensorflow_framework`; the wheel names them so. */
const LINK_NAMES: Readonly<Record<string, (typeof WHEEL_LIBRARIES)[number]>> = {
  'libtensorflow.so': 'libtensorflow_cc.so.2',
  'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
};

export interface BuildAddonOptions {
  readonly packageDir: string;
  /** The extracted wheel: lib/ and include/. */
  readonly libDir: string;
  readonly wheel: TensorflowWheel;
  readonly tools: BuildTools;
  /** Where tfjs-node loads the addon from. */
  readonly addonPath: string;
  readonly workDir: string;
  readonly signal?: AbortSignal;
}

/**
 * Builds tfjs-node's addon from its own sources in a staging folder, then puts it in place: the
 * package is touched only once the build has succeeded. A built addon is kept in the cache folder
 * (`addons/<key>/`, keyed by everything the build reads: the binding's sources, the wheel, Node's
 * headers, node-gyp, the compiler); the next set-up of the same key (another clone, a reinstalled
 * tfjs-node) places it without compiling (8 s and 8 CPU-seconds for the set-up here, against 17 s and 16). `kept`: it was placed
 * from there, so a caller whose probe then fails drops it (`dropKeptAddon`) and builds.
 */
export async function buildAddon(
  options: BuildAddonOptions & { readonly rebuild?: boolean; readonly onStep?: (line: string) => void },
): Promise<{ kind: 'ok'; kept?: string } | { kind: 'failed'; reason: string }> {
  const step = options.onStep ?? (() => undefined);
  const kept = await keptAddonPath(options);
  if (options.rebuild !== true && existsSync(kept)) {
    step(`placing tfjs_binding.node kept from an earlier build of the same sources (${kept})`);
    try {
      await placeAddon(options, kept);
      return { kind: 'ok', kept };
    } catch {
      // Another set-up replaced the kept build meanwhile: this one compiles.
    }
  }
  step(`building tfjs_binding.node with node-gyp (Node headers from ${options.tools.nodeDir})`);
  const stage = path.join(options.workDir, `build-${process.pid}`);
  await rm(stage, { recursive: true, force: true });
  try {
    await mkdir(path.join(stage, 'deps', 'lib'), { recursive: true });
    await cp(path.join(options.packageDir, 'binding'), path.join(stage, 'binding'), { recursive: true });
    await copyFile(path.join(options.packageDir, 'binding.gyp'), path.join(stage, 'binding.gyp'));
    await symlink(path.join(options.libDir, 'include'), path.join(stage, 'deps', 'include'));
    await linkLibraries(path.join(stage, 'deps', 'lib'), path.join(options.libDir, 'lib'));
    const napi = /napi-v(\d+)/.exec(options.addonPath)?.[1] ?? '8';
    const gyp = await runTool(
      process.execPath,
      [
        options.tools.nodeGyp,
        'rebuild',
        `--nodedir=${options.tools.nodeDir}`,
        '--module_name=tfjs_binding',
        `--module_path=${path.join(stage, 'out')}`,
        `--napi_build_version=${napi}`,
      ],
      { cwd: stage, env: { ...process.env, PYTHON: options.tools.python } as Record<string, string>, signal: options.signal },
    );
    if (gyp.kind === 'failed')
      return {
        kind: 'failed',
        reason: `node-gyp could not build the addon against ${options.wheel.distribution} ${options.wheel.version} (${gyp.reason}):\n${gyp.tail}`,
      };
    await placeAddon(options, path.join(stage, 'out', 'tfjs_binding.node'));
    await keepAddon(path.join(stage, 'out', 'tfjs_binding.node'), kept);
    return { kind: 'ok' };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Forgets a kept addon that did not train. */
export async function dropKeptAddon(kept: string): Promise<void> {
  await rm(path.dirname(kept), { recursive: true, force: true });
}

/** Where a build of these sources is kept: `addons/<key>/tfjs_binding.node` in the cache folder. */
export async function keptAddonPath(options: BuildAddonOptions): Promise<string> {
  return path.join(options.workDir, 'addons', await addonKey(options), 'tfjs_binding.node');
}

/** SHA-256 of what the build reads: the binding's files, the wheel, Node and its headers, node-gyp, the compiler. */
async function addonKey(options: BuildAddonOptions): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(['tfjs-repro/addon 1', options.wheel.sha256, process.version, process.platform, process.arch]));
  const binding = path.join(options.packageDir, 'binding');
  for (const file of (await readdir(binding)).sort()) hash.update(file).update(await readFile(path.join(binding, file)));
  hash.update(await readFile(path.join(options.packageDir, 'binding.gyp')));
  hash.update(JSON.stringify([options.tools.nodeDir, options.tools.nodeGyp, options.addonPath.match(/napi-v\d+/)?.[0], process.env.CXX, process.env.CC]));
  const gyp = await readFile(path.join(path.dirname(path.dirname(options.tools.nodeGyp)), 'package.json')).catch(() => '');
  const compiler = await runTool(process.env.CXX ?? 'c++', ['--version'], {});
  hash.update(gyp).update(compiler.kind === 'ok' ? compiler.stdout : '');
  return hash.digest('hex').slice(0, 24);
}

/** Keeps a built addon as the only one (a cache that cannot be written only costs the next build). */
async function keepAddon(built: string, kept: string): Promise<void> {
  await keepOnly(path.dirname(path.dirname(kept)), path.basename(path.dirname(kept)), (dir) => copyFile(built, path.join(dir, path.basename(kept))));
}

/** The libraries under both names: the wheel's (the addon's DT_NEEDED) and the link-time names. */
async function linkLibraries(into: string, from: string): Promise<void> {
  for (const lib of WHEEL_LIBRARIES) await symlink(path.join(from, lib), path.join(into, lib));
  for (const [name, target] of Object.entries(LINK_NAMES)) await symlink(path.join(from, target), path.join(into, name));
}

/** deps/ (found by the addon's rpath `$ORIGIN/../../deps/lib`) first, the addon last, each renamed into place. */
async function placeAddon(options: BuildAddonOptions, built: string): Promise<void> {
  const deps = path.join(options.packageDir, 'deps');
  const stagedDeps = `${deps}.partial-${process.pid}`;
  await rm(stagedDeps, { recursive: true, force: true });
  await mkdir(path.join(stagedDeps, 'lib'), { recursive: true });
  await linkLibraries(path.join(stagedDeps, 'lib'), path.join(options.libDir, 'lib'));
  const record: InstallRecord = {
    format: 'tfjs-repro/libtensorflow',
    source: `${options.wheel.distribution}==${options.wheel.version} wheel from the Python package index`,
    version: options.wheel.version,
    sha256: options.wheel.sha256,
  };
  await writeFile(path.join(stagedDeps, INSTALL_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  await rm(deps, { recursive: true, force: true });
  await rename(stagedDeps, deps);
  await mkdir(path.dirname(options.addonPath), { recursive: true });
  const stagedAddon = `${options.addonPath}.partial-${process.pid}`;
  await copyFile(built, stagedAddon);
  await rename(stagedAddon, options.addonPath);
}
