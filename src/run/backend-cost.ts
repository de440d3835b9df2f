import type { BackendName } from '../tfjs/backend-names.js';

/**
 * The one cost model of a run, for every scheduler (the check's pool runs the costliest backends
 * first; the sweep's sharder balances shards by it): relative cost per sample and epoch by backend
 * (measured: cpu ~2.5× wasm, tensorflow 1.6×, webgl on SwiftShader far more).
 */
export const BACKEND_COST: Readonly<Record<BackendName, number>> = { wasm: 1, tensorflow: 1.6, cpu: 2.6, webgl: 10, jax: 1, torch: 2 };

/** A child's start-up, in the same unit (a run of ~300 sample-epochs on wasm costs about one start-up). */
export const START_UP_COST = 300;

/** What one run is expected to cost: start-up + samples × epochs × the backend's factor. */
export function runCost(backend: BackendName, samples: number, epochs: number): number {
  return START_UP_COST + samples * epochs * BACKEND_COST[backend];
}
