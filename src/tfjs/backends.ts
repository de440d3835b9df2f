import { createRequire } from 'node:module';
import { ReproError } from '../errors.js';

export const BACKEND_NAMES = ['cpu', 'wasm', 'tensorflow'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The package that provides each backend in Node. */
export const BACKEND_PACKAGES: Readonly<Record<BackendName, string>> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  tensorflow: '@tensorflow/tfjs-node',
};

/**
 * Fastest deterministic backend that installs offline: wasm runs single-threaded in Node,
 * bitwise reproducible and 2–3× faster than cpu on the seed model (DESIGN.md §4.6).
 */
export const DEFAULT_BACKEND: BackendName = 'wasm';

const require = createRequire(import.meta.url);

export function isBackendInstalled(backend: BackendName): boolean {
  try {
    require.resolve(`${BACKEND_PACKAGES[backend]}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Why a backend cannot be used here, or undefined when it can (as far as installation goes). */
export function unavailableReason(backend: BackendName): string | undefined {
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

export function assertBackendAvailable(backend: BackendName): void {
  const reason = unavailableReason(backend);
  if (reason !== undefined) throw new ReproError('backend-unavailable', `--backend ${backend}: ${reason}`);
}
