import { buildReportResults, ADADELTA_EPOCHS, type ReportResults } from './report-results.js';
import type { RunExecutor } from '../execute/run-executor.js';
import { scenarioCan } from '../scenario/scenario-registry.js';
import type { LossPoint, Trajectory } from '../trajectory/trajectory.js';
import type { CheckEvent, CheckResult } from './run-check.js';
import { DEFAULT_BACKEND, runtimeNamed } from '../runtimes/registry.js';

/**
 * What a report shows of a check: its verdicts and curves and, where the scenario has one, the
 * Adadelta comparison (two extra runs on the default backend, through the check's executor).
 */
export async function collectReport(check: CheckResult, executor: RunExecutor, onEvent?: (event: CheckEvent) => void): Promise<ReportResults> {
  const { runtime, scenario } = check;
  const ran = check.backends.filter((b) => b.kind === 'ran');
  const backend = ran.find((b) => b.backend === DEFAULT_BACKEND)?.backend ?? ran[0]?.backend;
  // The Adadelta comparison is a finding about the seed experiment (docs/design.md, fact 2).
  if (backend === undefined || !scenarioCan(scenario.scenario, 'adadeltaComparison') || !runtimeNamed(runtime).capabilities.adadeltaComparison)
    return buildReportResults(check, null);
  const epochs = Math.min(ADADELTA_EPOCHS, scenario.epochs);
  const job = (optimizer: 'adadelta' | 'adadelta-tfjs') => ({
    key: `${backend}/${optimizer}`,
    runtime,
    request: { scenario: { ...scenario, epochs, optimizer, learningRate: 1 }, case: 'loop' as const, reset: 'none' as const, backend },
  });
  onEvent?.({ kind: 'extra-runs', runs: 2, why: `the Adadelta comparison on ${backend}` });
  const [keras, tfjs] = await Promise.all([executor.run(job('adadelta')), executor.run(job('adadelta-tfjs'))]);
  return buildReportResults(check, { backend, epochs, keras: points(keras), tfjs: points(tfjs) });
}

function points(t: Trajectory): LossPoint[] {
  return t.epochs.map(({ loss, lossBits }) => ({ loss, lossBits }));
}
