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
 * Why a backend cannot be used in a Node process here, or undefined when it can (as far as
 * installation goes). Each runtime asks its own (src/runtimes/registry.ts joins them).
 */
export function nodeUnavailableReason(backend: BackendName): string | undefined {
  if (backend === 'webgl') return 'the webgl backend needs a browser: run it with --runtime chromium.';
  if (backend === 'tensorflow') return tensorflowUnavailableReason();
  if (backend === 'jax' || backend === 'torch') return `${backend} is a Keras backend: run it with --runtime keras.`;
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
