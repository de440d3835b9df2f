import { createRequire } from 'node:module';
import { ReproError } from '../errors.js';
import { findChromium } from '../browser/find-chromium.js';
import type { RuntimeName } from '../run/runtime.js';
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

/** Why a backend cannot be used here in that runtime, or undefined when it can (as far as installation goes). */
export function unavailableReason(backend: BackendName, runtime: RuntimeName = 'node'): string | undefined {
  if (runtime === 'chromium') {
    if (backend === 'tensorflow') return 'the tensorflow backend (tfjs-node) runs only in Node; in chromium use cpu, wasm or webgl.';
    const chromium = findChromium();
    return chromium.kind === 'missing' ? chromium.reason : undefined;
  }
  if (backend === 'webgl') return 'the webgl backend needs a browser: run it with --runtime chromium.';
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

export function assertBackendAvailable(backend: BackendName, runtime: RuntimeName = 'node'): void {
  const reason = unavailableReason(backend, runtime);
  if (reason !== undefined)
    throw new ReproError('backend-unavailable', `--backend ${backend}${runtime === 'node' ? '' : ` (--runtime ${runtime})`}: ${reason}`);
}
