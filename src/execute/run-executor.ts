import { ReproError } from '../errors.js';
import { createLimiter } from '../run/limiter.js';
import type { SpawnFn, SpawnRunOptions } from '../run/spawn-options.js';
import { runCost, spawnFor as registrySpawnFor } from '../runtimes/registry.js';
import type { RunRequest } from '../trajectory/run-request.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/** One run to make: where it trains, what it is asked, and the key that names it in events and results. */
export interface RunJob {
  /** `wasm/loop/reset=none`: jobs with one key share one run (a golden's run that another golden needs too). */
  readonly key: string;
  /** How events name the run, when not by its key. */
  readonly label?: string;
  readonly runtime: RuntimeName;
  readonly request: RunRequest;
  /** The job's own spawn options (a variation's environment), over the executor's. */
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
}

/** What the executor says while it runs: an epoch of a run done, a run done (with its error, if it failed). */
export type RunEvent =
  | { readonly kind: 'run-epoch'; readonly key: string; readonly epoch: number; readonly epochs: number }
  | { readonly kind: 'run-done'; readonly key: string; readonly ms: number; readonly error?: string };

/**
 * The one executor of run requests: every run of a command (a check set's, a golden check's, a
 * report's, fidelity's, a diagnosis's replays) goes through one of these, under one bound
 * (`parallelism` children at once, the costliest waiting run first), with its events.
 */
export interface RunExecutor {
  run(job: RunJob): Promise<Trajectory>;
  /** Every job at once (the bound decides how many run); each key's trajectory or failure. */
  runAll(jobs: readonly RunJob[]): Promise<ReadonlyMap<string, Trajectory | ReproError>>;
  /** The same executor (same bound, same runs) whose events name their runs with a prefix (`blobs-dropout-classifier node wasm/…`). */
  named(prefix: string): RunExecutor;
}

export interface RunExecutorOptions {
  /** Children at once, across every caller. */
  readonly parallelism: number;
  /** How each runtime spawns a run (tests pass fakes and caches). @default the registry's */
  readonly spawnFor?: (runtime: RuntimeName) => SpawnFn;
  /** Passed to every spawn (time-out, cancel signal, child entry, environment). */
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly onEvent?: (event: RunEvent) => void;
}

export function createRunExecutor(options: RunExecutorOptions): RunExecutor {
  const limit = createLimiter(options.parallelism, options.spawnOptions?.cancelSignal);
  const spawners = new Map<RuntimeName, SpawnFn>();
  const spawnIn = (runtime: RuntimeName) => spawners.get(runtime) ?? spawners.set(runtime, (options.spawnFor ?? registrySpawnFor)(runtime)).get(runtime)!;
  const base = options.spawnOptions ?? {};

  const start = (job: RunJob, prefix: string): Promise<Trajectory> => {
    const key = `${prefix}${job.label ?? job.key}`;
    const own = job.spawnOptions ?? {};
    const spawnOptions: SpawnRunOptions = {
      ...base,
      ...own,
      env: { ...base.env, ...own.env },
      onEpoch: (epoch, epochs) => options.onEvent?.({ kind: 'run-epoch', key, epoch, epochs }),
    };
    return limit(async () => {
      const started = performance.now();
      try {
        const trajectory = await spawnIn(job.runtime)(job.request, spawnOptions);
        options.onEvent?.({ kind: 'run-done', key, ms: performance.now() - started });
        return trajectory;
      } catch (error) {
        options.onEvent?.({ kind: 'run-done', key, ms: performance.now() - started, error: (error as Error).message });
        throw error;
      }
    }, costOf(job));
  };

  const executor = (prefix: string): RunExecutor => ({
    run: (job) => start(job, prefix),
    runAll: async (jobs) => {
      const distinct = new Map<string, RunJob>();
      for (const job of jobs) if (!distinct.has(job.key)) distinct.set(job.key, job);
      const keys = [...distinct.keys()];
      const settled = await Promise.allSettled(keys.map((key) => start(distinct.get(key)!, prefix)));
      return new Map(keys.map((key, i) => [key, outcomeOf(settled[i]!)]));
    },
    named: (more) => executor(`${prefix}${more}`),
  });
  return executor('');
}

/** A run's priority: its estimated cost, a traced replay's only up to the epoch where it stops. */
function costOf({ runtime, request }: RunJob): number {
  const { samples, epochs } = request.scenario;
  const trained = request.trace !== undefined && request.trace.keepTraining !== true ? Math.min(epochs, request.trace.upTo.epoch) : epochs;
  return runCost(runtime, request.backend, samples, trained);
}

function outcomeOf(settled: PromiseSettledResult<Trajectory>): Trajectory | ReproError {
  if (settled.status === 'fulfilled') return settled.value;
  const reason: unknown = settled.reason;
  return reason instanceof ReproError ? reason : new ReproError('internal', String(reason), { cause: reason });
}
