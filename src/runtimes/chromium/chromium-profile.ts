import type { RuntimeProfile } from '../shared/runtime.js';

/** Names the Chromium executable explicitly; checked before anything else. */
export const CHROMIUM_ENV = 'TFJS_REPRO_CHROMIUM';

/** Where Debian's, Ubuntu's and Google's packages put it, for a PATH that lacks them. */
export const WELL_KNOWN_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'] as const;

/**
 * The chromium runtime as `--help` names it, with the places its summary names (find-chromium.ts
 * looks there): a leaf, apart from the runtime, which loads the scenario registry.
 */
export const chromiumProfile: RuntimeProfile = {
  name: 'chromium',
  summary: `a fresh headless Chromium per run (${CHROMIUM_ENV}, else ${WELL_KNOWN_CHROMIUM[0]} …; never downloaded)`,
  backends: ['cpu', 'wasm', 'webgl', 'webgpu'],
};
