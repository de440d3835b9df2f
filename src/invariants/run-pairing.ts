import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { CrossRuntimeClaim } from './expectations.js';

/** A run's place: which runtime, which backend. */
export interface RunPlace {
  readonly runtime: RuntimeName;
  readonly backend: BackendName;
}

/** Two base runs a claim across runtimes compares, and how far apart they may be (0: bitwise). */
export interface RunPairing {
  readonly claim: CrossRuntimeClaim;
  readonly a: RunPlace;
  readonly b: RunPlace;
  readonly ulps: number;
}
