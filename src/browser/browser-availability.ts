import type { BackendName } from '../tfjs/backend-names.js';
import { findChromium } from './find-chromium.js';

/** Why a backend cannot run in the chromium runtime here, or undefined when it can. */
export function chromiumUnavailableReason(backend: BackendName): string | undefined {
  if (backend === 'tensorflow') return 'the tensorflow backend (tfjs-node) runs only in Node; in chromium use cpu, wasm or webgl.';
  const chromium = findChromium();
  return chromium.kind === 'missing' ? chromium.reason : undefined;
}
