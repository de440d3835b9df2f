/**
 * Runs tasks with at most `concurrency` at once, in the given order (callers sort longest
 * first). Resolves to each task's settled outcome, in input order. Once `signal` is aborted no
 * further task starts; those are rejected with the abort reason.
 */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], concurrency: number, signal?: AbortSignal): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      if (signal?.aborted) {
        results[index] = { status: 'rejected', reason: signal.reason };
        continue;
      }
      try {
        results[index] = { status: 'fulfilled', value: await tasks[index]!() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  return results;
}
