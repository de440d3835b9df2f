import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runTool } from '../../../run/run-tool.js';
import { TFJS_NODE_PACKAGE, TFJS_NODE_VERSION } from '../tensorflow-pins.js';

const require = createRequire(import.meta.url);

/** The folder tfjs-node is (or would be) installed in: beside the @tensorflow/tfjs this package loads. */
export function tfjsNodeDir(): string {
  const tfjs = path.dirname(require.resolve('@tensorflow/tfjs/package.json'));
  return path.join(path.dirname(tfjs), 'tfjs-node');
}

/** The project whose node_modules holds @tensorflow/tfjs: where npm installs tfjs-node's files. */
function projectRootOf(packageDir: string): string {
  return path.resolve(packageDir, '..', '..', '..');
}

export type PackageState = { readonly kind: 'present'; readonly dir: string } | { readonly kind: 'failed'; readonly reason: string };

/**
 * When npm dropped tfjs-node (its install script failed: tensorflow/tfjs#8742), installs its
 * package files and dependencies again with scripts off, from the npm registry, without touching
 * package.json or the lockfile.
 */
export async function ensureTfjsNodePackage(signal?: AbortSignal): Promise<PackageState & { readonly installed?: boolean }> {
  const dir = tfjsNodeDir();
  if (await hasVersion(dir)) return { kind: 'present', dir };
  const npm = await runTool('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION}`], {
    cwd: projectRootOf(dir),
    signal,
  });
  if (npm.kind === 'failed')
    return { kind: 'failed', reason: `npm could not install ${TFJS_NODE_PACKAGE}@${TFJS_NODE_VERSION} with scripts off (${npm.reason}):\n${npm.tail}` };
  if (!(await hasVersion(dir))) return { kind: 'failed', reason: `npm installed ${TFJS_NODE_PACKAGE} somewhere other than ${dir}` };
  return { kind: 'present', dir, installed: true };
}

async function hasVersion(dir: string): Promise<boolean> {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file) || !existsSync(path.join(dir, 'binding.gyp'))) return false;
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { version?: string };
  return pkg.version === TFJS_NODE_VERSION;
}
