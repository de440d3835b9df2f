import type { BackendName } from '../../tfjs/backend-names.js';
import { findChromium } from './find-chromium.js';

/** Why one of the chromium runtime's backends cannot run here (no browser), or undefined when it can. */
export function chromiumUnavailableReason(_backend: BackendName): string | undefined {
  const chromium = findChromium();
  return chromium.kind === 'missing' ? chromium.reason : undefined;
}
