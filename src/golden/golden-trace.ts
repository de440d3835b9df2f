import { ReproError } from '../errors.js';
import type { RunExecutor } from '../execute/run-executor.js';
import { runtimeNamed } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { KernelTrace } from '../trajectory/kernel-trace.js';
import type { GoldenRequests } from './golden-runs.js';
import { GOLDEN_TRACE_UP_TO } from './golden-file.js';

/**
 * The kernel trace of each golden's first run's first training step, traced again (one short run
 * per distinct step, sharing the pool): what `golden check` compares with a drifted golden's
 * recorded trace. Undefined for a golden whose runtime does not trace kernels, or whose traced run
 * failed (a drift is then explained from the numbers alone).
 */
export async function traceGoldenSteps(goldens: readonly GoldenRequests[], executor: RunExecutor): Promise<(KernelTrace | undefined)[]> {
  const jobOf = (golden: GoldenRequests) => {
    const [first] = golden.runs;
    const request = {
      scenario: golden.scenario,
      case: first!.case,
      reset: first!.reset,
      backend: golden.backend as BackendName,
      trace: { upTo: GOLDEN_TRACE_UP_TO },
      ...(golden.tfjs === undefined ? {} : { tfjs: golden.tfjs }),
    };
    // Goldens that trace the same step share one run.
    const key = `${golden.runtime} ${JSON.stringify(request)}`;
    return { key, label: `${golden.scenario.scenario}/${golden.runtime}/${golden.backend}: kernel trace of epoch 1 batch 1`, runtime: golden.runtime, request };
  };
  const traceable = goldens.filter((g) => runtimeNamed(g.runtime).capabilities.kernelTrace);
  const settled = await executor.runAll(traceable.map(jobOf));
  return goldens.map((golden) => {
    const outcome = traceable.includes(golden) ? settled.get(jobOf(golden).key) : undefined;
    return outcome === undefined || outcome instanceof ReproError ? undefined : outcome.kernelTrace;
  });
}
