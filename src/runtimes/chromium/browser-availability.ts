import type { BackendName } from '../../tfjs/backend-names.js';
import { webgpuAdapterChoice } from './chromium-flags.js';
import { findChromium } from './find-chromium.js';

/**
 * Why one of the chromium runtime's backends cannot run here (no browser; for webgpu, an adapter
 * choice that is not allowed), or undefined when it can. Whether the browser offers a WebGPU
 * adapter is known only in a page: a run without one fails as "not available" with why.
 */
export function chromiumUnavailableReason(backend: BackendName): string | undefined {
  const chromium = findChromium();
  if (chromium.kind === 'missing') return chromium.reason;
  const adapter = backend === 'webgpu' ? webgpuAdapterChoice() : undefined;
  return adapter !== undefined && 'problem' in adapter ? `webgpu not available: ${adapter.problem}.` : undefined;
}
