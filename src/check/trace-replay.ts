import { diagnoseKernels, needsKernelTrace } from '../diagnosis/diagnose-kernels.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { SpawnFn, SpawnRunOptions } from '../run/spawn-options.js';
import { getScenario } from '../scenario/scenario-registry.js';
import type { RunRequest } from '../trajectory/run-request.js';

/** One of the two runs to replay: its request and what it was spawned with (a variation's environment). */
export interface ReplayedRun {
  readonly request: RunRequest;
  readonly spawnOptions: Omit<SpawnRunOptions, 'onEpoch'>;
}

/**
 * A diagnosis that stops at a batch boundary, refined by replaying its two runs with a kernel
 * trace up to `upTo` (the first divergent batch) and finding the kernel where they part; a
 * diagnosis the records already explain is returned as it is. A replay that fails leaves the
 * diagnosis as it was, saying so. The caller makes sure the runtime can trace.
 */
export async function refineByReplay(
  diagnosis: Diagnosis,
  pair: readonly [ReplayedRun, ReplayedRun],
  upTo: { readonly epoch: number; readonly batch: number },
  spawn: (run: ReplayedRun, index: number) => ReturnType<SpawnFn>,
): Promise<Diagnosis> {
  if (!needsKernelTrace(diagnosis)) return diagnosis;
  const traced = await Promise.allSettled(pair.map((run, i) => spawn({ ...run, request: { ...run.request, trace: { upTo } } }, i)));
  const [a, b] = traced.map((t) =>
    t.status === 'fulfilled' && t.value.kernelTrace !== undefined ? { ...t.value, kernelTrace: t.value.kernelTrace } : undefined,
  );
  if (a === undefined || b === undefined) {
    const failed = traced.find((t) => t.status === 'rejected') as PromiseRejectedResult | undefined;
    const why = failed === undefined ? 'they returned no trace' : `a replay failed: ${(failed.reason as Error).message}`;
    return { ...diagnosis, evidence: `${diagnosis.evidence}; the kernel-trace replays gave nothing (${why})` };
  }
  const { stateful } = getScenario(pair[0].request.scenario.scenario);
  return diagnoseKernels(diagnosis, a, b, { stateful, backend: pair[0].request.backend });
}
