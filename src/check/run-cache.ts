import type { SpawnFn } from './run-check.js';

/** Hands out spawn functions that share runs between consumers (a report and a golden check). */
export type RunCache = () => SpawnFn;

/**
 * Runs shared between consumers: each consumer's n-th call for a (request, environment) gets the
 * n-th run of it, started by whichever consumer asks first (an unfinished run is handed over as
 * it is). So a report and the golden check share the runs they have in common, while two
 * identical requests of one consumer (rerun's two fresh processes) stay two processes: a cache
 * that handed the second the first one's trajectory would make rerun hold by construction.
 * Call the returned function once per consumer.
 */
export function createRunCache(spawn: SpawnFn): RunCache {
  const runs = new Map<string, (ReturnType<SpawnFn> | undefined)[]>();
  return () => {
    const taken = new Map<string, number>();
    return (request, options) => {
      const { env, cwd, umask, reverseEnvOrder, childEntry, memoryLimitMb } = options;
      const key = JSON.stringify({
        request,
        env: env && Object.keys(env).length > 0 ? env : undefined,
        cwd,
        umask,
        reverseEnvOrder,
        childEntry,
        memoryLimitMb,
      });
      const index = taken.get(key) ?? 0;
      taken.set(key, index + 1);
      const shared = runs.get(key) ?? [];
      runs.set(key, shared);
      let run = shared[index];
      if (run === undefined) {
        const started = spawn(request, options);
        shared[index] = started;
        // A failed run is not remembered: the next consumer to ask tries again.
        started.catch(() => {
          if (shared[index] === started) shared[index] = undefined;
        });
        run = started;
      }
      return run;
    };
  };
}
