/**
 * Where a run trains: `node`, a fresh Node child process; `chromium`, a fresh headless Chromium
 * (one browser process per run) on a page served from loopback.
 */
export const RUNTIME_NAMES = ['node', 'chromium'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];
