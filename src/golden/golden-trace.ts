import os from 'node:os';
import { runPool } from '../run/run-pool.js';
import { runtimeNamed, spawnFor } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { KernelTrace } from '../trajectory/kernel-trace.js';
import type { GoldenRequests, GoldenRunsOptions } from './golden-runs.js';
import { GOLDEN_TRACE_UP_TO } from './golden-file.js';

/**
 * The kernel trace of each golden's first run's first training step, traced again (one short run
 * per distinct step, sharing the pool): what `golden check` compares with a drifted golden's
 * recorded trace. Undefined for a golden whose runtime does not trace kernels, or whose traced run
 * failed (a drift is then explained from the numbers alone).
 */
export async function traceGoldenSteps(goldens: readonly GoldenRequests[], options: GoldenRunsOptions): Promise<(KernelTrace | undefined)[]> {
  const requestOf = (golden: GoldenRequests) => {
    const [first] = golden.runs;
    return { scenario: golden.scenario, case: first!.case, reset: first!.reset, backend: golden.backend as BackendName, trace: { upTo: GOLDEN_TRACE_UP_TO } };
  };
  // Goldens that trace the same step share one run.
  const distinct = new Map<string, GoldenRequests>();
  for (const golden of goldens.filter((g) => runtimeNamed(g.runtime).capabilities.kernelTrace)) {
    distinct.set(`${golden.runtime} ${JSON.stringify(requestOf(golden))}`, golden);
  }
  const keys = [...distinct.keys()];
  const settled = await runPool(
    [...distinct.values()].map((golden) => async () => {
      const started = performance.now();
      const run = await (options.spawnFor ?? spawnFor)(golden.runtime)(requestOf(golden), { ...options.spawnOptions });
      options.onRunDone?.(`${golden.scenario.scenario}/${golden.runtime}/${golden.backend}: kernel trace of epoch 1 batch 1`, performance.now() - started);
      return run.kernelTrace;
    }),
    options.parallelism ?? os.availableParallelism(),
    options.spawnOptions?.cancelSignal,
  );
  return goldens.map((golden) => {
    const outcome = settled[keys.indexOf(`${golden.runtime} ${JSON.stringify(requestOf(golden))}`)];
    return outcome?.status === 'fulfilled' ? outcome.value : undefined;
  });
}
