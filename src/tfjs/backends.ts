import { createRequire } from 'node:module';
import { ReproError } from '../errors.js';
import { findChromium } from '../browser/find-chromium.js';
import type { RuntimeName } from '../run/runtime.js';
import { BACKEND_PACKAGES, type BackendName } from './backend-names.js';

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
  if (isBackendInstalled(backend)) return undefined;
  if (backend === 'tensorflow') {
    return (
      'the tensorflow backend needs @tensorflow/tfjs-node, an optional dependency that is not installed. ' +
      'Its install script downloads libtensorflow 2.9.1 from a host that answers 403 or cannot be reached offline ' +
      '(tensorflow/tfjs#8742), so `npm ci` skips it. On a machine that can reach that host, run ' +
      '`npm install @tensorflow/tfjs-node@4.22.0`; or use --backend cpu or wasm.'
    );
  }
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
  if (reason !== undefined) throw new ReproError('backend-unavailable', `--backend ${backend}${runtime === 'node' ? '' : ` (--runtime ${runtime})`}: ${reason}`);
}
