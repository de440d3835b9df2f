/**
 * Where a run trains: `node`, a fresh Node child process; `chromium`, a fresh headless Chromium
 * (one browser process per run) on a page served from loopback; `keras`, a fresh Python process
 * running Keras 3 (the seed experiment where it was born).
 */
export const RUNTIME_NAMES = ['node', 'chromium', 'keras'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];
