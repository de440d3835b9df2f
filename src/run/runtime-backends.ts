import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from './runtime.js';

/** What each runtime can run: a browser has no tensorflow (tfjs-node), Node no webgl; keras runs Keras 3's backends. */
export const RUNTIME_BACKENDS: Readonly<Record<RuntimeName, readonly BackendName[]>> = {
  node: ['cpu', 'wasm', 'tensorflow'],
  chromium: ['cpu', 'wasm', 'webgl'],
  keras: ['tensorflow', 'jax', 'torch'],
};

/**
 * The backends a runtime runs out of the ones asked for. With nothing left, the list as asked,
 * so that the absence is reported rather than hidden.
 */
export function backendsOf(runtime: RuntimeName, asked: readonly BackendName[]): BackendName[] {
  const own = asked.filter((backend) => RUNTIME_BACKENDS[runtime].includes(backend));
  return own.length > 0 ? own : [...asked];
}
