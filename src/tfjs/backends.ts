import { createRequire } from 'node:module';
import { BACKEND_PACKAGES, type BackendName } from './backend-names.js';
import { tensorflowUnavailableReason } from './tensorflow-addon.js';

export { BACKEND_NAMES, BACKEND_PACKAGES, DEFAULT_BACKEND, type BackendName } from './backend-names.js';

const require = createRequire(import.meta.url);

export function isBackendInstalled(backend: BackendName): boolean {
  try {
    require.resolve(`${BACKEND_PACKAGES[backend]}/package.json`);
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
  if (isBackendInstalled(backend)) return undefined;
  return `${BACKEND_PACKAGES[backend]} is not installed; run \`npm ci\` in the tfjs-repro folder.`;
}

export function readPackageVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
