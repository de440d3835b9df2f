/**
 * Where a run trains: `node`, a fresh Node child process; `chromium`, a fresh headless Chromium
 * (one browser process per run) on a page served from loopback; `keras`, a fresh Python process
 * running Keras 3 (the seed experiment where it was born). What each one is and can do is its
 * folder's business (src/runtimes/); here only how its name is spelled in names and commands.
 */
export const RUNTIME_NAMES = ['node', 'chromium', 'keras'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** The runtime that names leave out: `wasm` is node's wasm, `keras/jax` is keras's. */
export const DEFAULT_RUNTIME: RuntimeName = 'node';

export function isRuntimeName(value: unknown): value is RuntimeName {
  return (RUNTIME_NAMES as readonly unknown[]).includes(value);
}

/** `keras/` before a backend in a run's name (`keras/jax/loop/reset=none`); empty for node. */
export function runtimePrefix(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : `${runtime}/`;
}

/** ` --runtime keras` after a reproduce command; empty for node. */
export function runtimeFlag(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : ` --runtime ${runtime}`;
}

/** ` in keras` after a scenario's name in a heading; empty for node. */
export function runtimeIn(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : ` in ${runtime}`;
}

/** `keras-` before a golden's file or a report's folder; empty for node. */
export function runtimeFilePrefix(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : `${runtime}-`;
}
