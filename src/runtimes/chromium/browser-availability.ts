import type { BackendName } from '../../tfjs/backend-names.js';
import { findChromium } from './find-chromium.js';

/** Why a backend cannot run in the chromium runtime here, or undefined when it can. */
export function chromiumUnavailableReason(backend: BackendName): string | undefined {
  if (backend === 'tensorflow' || backend === 'jax' || backend === 'torch')
    return `the ${backend} backend runs only in ${backend === 'tensorflow' ? 'Node (tfjs-node) and the keras runtime' : 'the keras runtime'}; in chromium use cpu, wasm or webgl.`;
  const chromium = findChromium();
  return chromium.kind === 'missing' ? chromium.reason : undefined;
}
