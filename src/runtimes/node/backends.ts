import { createRequire } from 'node:module';
import type { BackendName } from '../../tfjs/backend-names.js';
import { TFJS_BACKEND_PACKAGES } from '../shared/tfjs-backends.js';
import { tensorflowUnavailableReason } from './tensorflow-addon.js';

const require = createRequire(import.meta.url);

export function isBackendInstalled(backend: BackendName): boolean {
  try {
    require.resolve(`${TFJS_BACKEND_PACKAGES[backend]}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why one of Node's backends cannot be used in a Node process here, or undefined when it can (as
 * far as installation goes). The registry says first where a backend Node does not have runs.
 */
export function nodeUnavailableReason(backend: BackendName): string | undefined {
  if (backend === 'tensorflow') return tensorflowUnavailableReason();
  if (TFJS_BACKEND_PACKAGES[backend] === undefined) return `tfjs has no backend named ${backend} in Node.`;
  if (isBackendInstalled(backend)) return undefined;
  return `${TFJS_BACKEND_PACKAGES[backend]} is not installed; run \`npm ci\` in the tfjs-repro folder.`;
}

export function readPackageVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
