import type { SpawnFn, SpawnRunOptions } from '../run/spawn-options.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { GoldenFile } from './golden-file.js';

export interface GoldenRunsOptions {
  readonly parallelism?: number;
  /** The spawner of each runtime (tests pass caches). @default spawnFor */
  readonly spawnFor?: (runtime: RuntimeName) => SpawnFn;
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly onRunDone?: (label: string, ms: number, error?: string) => void;
}

/** What it takes to re-run a golden: its scenario, backend and which runs. */
export interface GoldenRequests {
  readonly scenario: GoldenFile['scenario'];
  readonly backend: string;
  readonly runtime: RuntimeName;
  readonly runs: readonly Pick<GoldenFile['runs'][number], 'case' | 'reset'>[];
}
