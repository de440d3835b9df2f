import type { SpawnFn } from './run-check.js';

/**
 * A spawn function that runs each distinct (request, environment) once and hands the same
 * trajectory to every later caller: a report and the golden check can share their runs.
 */
export function createRunCache(spawn: SpawnFn): SpawnFn {
  const cache = new Map<string, ReturnType<SpawnFn>>();
  return (request, options) => {
    const { env, cwd, umask, reverseEnvOrder, childEntry, memoryLimitMb } = options;
    const key = JSON.stringify({ request, env: env && Object.keys(env).length > 0 ? env : undefined, cwd, umask, reverseEnvOrder, childEntry, memoryLimitMb });
    let run = cache.get(key);
    if (run === undefined) {
      run = spawn(request, options);
      cache.set(key, run);
      // A failed run is not remembered: the next caller tries again.
      run.catch(() => cache.delete(key));
    }
    return run;
  };
}
