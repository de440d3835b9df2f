import { SUPPORTED_PLATFORM, TFJS_NODE_PACKAGE, TFJS_NODE_VERSION } from '../tensorflow-pins.js';
import { addonPathOf } from '../tensorflow-addon.js';
import { findBuildTools, type BuildTools } from './build-tools.js';
import { setupFailed } from './setup-failed.js';
import type { SetupContext } from './setup-context.js';
import { ensureTfjsNodePackage } from './tfjs-node-package.js';

/** What every candidate wheel is built into: tfjs-node's package files, where it loads its addon from, and the tools that build it. */
export interface BuildTarget {
  readonly packageDir: string;
  readonly addonPath: string;
  readonly tools: BuildTools;
}

/** This machine, checked before any download: the platform the wheels are for, every build tool, and tfjs-node's package files. */
export async function resolveBuildTarget(ctx: SetupContext): Promise<BuildTarget> {
  if (process.platform !== SUPPORTED_PLATFORM.platform || process.arch !== SUPPORTED_PLATFORM.arch) {
    throw setupFailed(
      `the pinned TensorFlow wheels are for ${SUPPORTED_PLATFORM.platform}/${SUPPORTED_PLATFORM.arch}; this is ${process.platform}/${process.arch}`,
      'use --backend cpu or wasm here',
    );
  }
  const { tools, missing } = await findBuildTools({ python: ctx.python, env: ctx.env, execPath: process.execPath });
  if (tools === undefined)
    throw setupFailed(
      `missing build tools:\n${missing.map((line) => `  - ${line}`).join('\n')}`,
      'install them and run `npx tfjs-repro setup tensorflow` again',
    );

  ctx.step(`checking ${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION}'s package files`);
  const pkg = await ensureTfjsNodePackage(ctx.signal);
  if (pkg.kind === 'failed') throw setupFailed(pkg.reason, 'check that the npm registry is reachable, then run the command again');
  if (pkg.installed === true) ctx.step(`installed ${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION}'s files with install scripts off`);
  return { packageDir: pkg.dir, addonPath: addonPathOf(pkg.dir), tools };
}
