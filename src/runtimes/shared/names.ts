import type { BackendName } from '../../tfjs/backend-names.js';
import type { RuntimeName } from '../../trajectory/runtime-name.js';

/**
 * The runtime that names leave out: `wasm` is node's wasm, `keras/jax` is keras's. A leaf that
 * every runtime's spawner may import (runtime-profiles.ts lists the runtimes themselves).
 */
export const DEFAULT_RUNTIME: RuntimeName = 'node';

/**
 * Fastest deterministic backend that installs offline: wasm runs single-threaded in Node,
 * bitwise reproducible and 2–3× faster than cpu on the seed model (docs/design.md, fact 6).
 */
export const DEFAULT_BACKEND: BackendName = 'wasm';

/** `keras/` before a backend in a run's name (`keras/jax/loop/reset=none`); empty for the default runtime. */
export function runtimePrefix(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : `${runtime}/`;
}

/** ` --runtime keras` after a reproduce command; empty for the default runtime. */
export function runtimeFlag(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : ` --runtime ${runtime}`;
}

/** ` in keras` after a scenario's name in a heading; empty for the default runtime. */
export function runtimeIn(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : ` in ${runtime}`;
}

/** `keras-` before a golden's file or a report's folder; empty for the default runtime. */
export function runtimeFilePrefix(runtime: RuntimeName): string {
  return runtime === DEFAULT_RUNTIME ? '' : `${runtime}-`;
}

/** `keras/jax/loop/reset=none/seed=1`: a run in every message about it. */
export function runLabel(
  runtime: RuntimeName,
  request: { readonly backend: BackendName; readonly case: string; readonly reset: string; readonly scenario: { readonly seed: number } },
): string {
  return `${runtimePrefix(runtime)}${request.backend}/${request.case}/reset=${request.reset}/seed=${request.scenario.seed}`;
}
