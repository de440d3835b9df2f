import { copyFile, cp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from './run-tool.js';
import type { BuildTools } from './build-tools.js';
import { INSTALL_RECORD_FILE, WHEEL_LIBRARIES, type TensorflowWheel } from '../tfjs/tensorflow-pins.js';

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
 * package is touched only once the build has succeeded.
 */
export async function buildAddon(options: BuildAddonOptions): Promise<{ kind: 'ok' } | { kind: 'failed'; reason: string }> {
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
    return { kind: 'ok' };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
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
