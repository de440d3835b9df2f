import os from 'node:os';
import { runPool } from '../run/run-pool.js';
import { runtimeNamed, spawnFor } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backends.js';
import type { KernelTrace } from '../trajectory/kernel-trace.js';
import type { GoldenRequests, GoldenRunsOptions } from './golden-runs.js';
import { GOLDEN_TRACE_UP_TO } from './golden-file.js';

/**
 * The kernel trace of each golden's first run's first training step (one short run per golden,
 * sharing the pool); undefined for a golden whose runtime does not trace kernels, or whose traced
 * run failed (the golden keeps its numbers; a drift is then explained from them alone).
 */
export async function traceGoldenSteps(goldens: readonly GoldenRequests[], options: GoldenRunsOptions): Promise<(KernelTrace | undefined)[]> {
  const settled = await runPool(
    goldens.map((golden) => async () => {
      if (!runtimeNamed(golden.runtime).capabilities.kernelTrace) return undefined;
      const [first] = golden.runs;
      const request = {
        scenario: golden.scenario,
        case: first!.case,
        reset: first!.reset,
        backend: golden.backend as BackendName,
        trace: { upTo: GOLDEN_TRACE_UP_TO },
      };
      const started = performance.now();
      const run = await (options.spawnFor ?? spawnFor)(golden.runtime)(request, { ...options.spawnOptions });
      options.onRunDone?.(`${golden.scenario.scenario}/${golden.runtime}/${golden.backend}: kernel trace of epoch 1 batch 1`, performance.now() - started);
      return run.kernelTrace;
    }),
    options.parallelism ?? os.availableParallelism(),
    options.spawnOptions?.cancelSignal,
  );
  return settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
}
