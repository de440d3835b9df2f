/** Runs `task` when a slot is free; among waiting tasks, the largest `priority` starts first (then the first queued). */
export type Limiter = <T>(task: () => Promise<T>, priority: number) => Promise<T>;

/**
 * At most `concurrency` tasks at once across every caller: the checks of a set share it, so that
 * each check can queue all of its runs (and its extra runs, as soon as it knows them) while the
 * machine runs `concurrency` children, the costliest waiting run first. Once `signal` is aborted
 * no waiting task starts; those are rejected with the abort reason.
 */
export function createLimiter(concurrency: number, signal?: AbortSignal): Limiter {
  // In queue order: the first of the highest priority is the first queued among equals.
  const waiting: { priority: number; start: () => void }[] = [];
  let running = 0;
  const next = (): void => {
    while (running < Math.max(1, concurrency) && waiting.length > 0) {
      let best = 0;
      for (let i = 1; i < waiting.length; i++) if (waiting[i]!.priority > waiting[best]!.priority) best = i;
      const [entry] = waiting.splice(best, 1);
      running += 1;
      entry!.start();
    }
  };
  return <T>(task: () => Promise<T>, priority: number) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({
        priority,
        start: () => {
          const settle = signal?.aborted === true ? Promise.reject<T>(signal.reason) : Promise.resolve().then(task);
          settle.then(resolve, reject).finally(() => {
            running -= 1;
            next();
          });
        },
      });
      next();
    });
}
