import os from 'node:os';
import { createRunExecutor, type RunEvent, type RunExecutor } from '../execute/run-executor.js';
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
  /** A published tfjs release to re-run it with (`golden check --tfjs`); absent: the project's tfjs. */
  readonly tfjs?: string;
}

/** The executor of a golden command's runs: one bound over every file's runs, and each run's end reported by its label. */
export function goldenExecutor(options: GoldenRunsOptions): RunExecutor {
  const { onRunDone } = options;
  return createRunExecutor({
    parallelism: options.parallelism ?? os.availableParallelism(),
    ...(options.spawnFor === undefined ? {} : { spawnFor: options.spawnFor }),
    ...(options.spawnOptions === undefined ? {} : { spawnOptions: options.spawnOptions }),
    ...(onRunDone === undefined ? {} : { onEvent: (event: RunEvent) => event.kind === 'run-done' && onRunDone(event.key, event.ms, event.error) }),
  });
}
