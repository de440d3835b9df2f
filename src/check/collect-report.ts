import { buildReportResults, ADADELTA_EPOCHS, type AdadeltaComparison, type ReportResults } from './report-results.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import type { SpawnRunOptions } from '../run/spawn-options.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { ScenarioConfig } from '../scenario/config.js';
import { scenarioCan } from '../scenario/scenario-registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { LossPoint, Trajectory } from '../trajectory/trajectory.js';
import { runCheck, type CheckEvent, type CheckResult, type SpawnFn } from './run-check.js';
import { DEFAULT_RUNTIME, runtimeNamed, spawnFor } from '../runtimes/registry.js';
import { DEFAULT_BACKEND } from '../runtimes/runtime-profiles.js';

export interface CollectReportOptions {
  readonly scenario: ScenarioConfig;
  readonly backends: readonly BackendName[];
  readonly parallelism?: number;
  readonly spawn?: SpawnFn;
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  readonly onEvent?: (event: CheckEvent) => void;
  readonly expected?: ExpectedVerdicts;
  /** @default DEFAULT_RUNTIME */
  readonly runtime?: RuntimeName;
}

/** Runs the claims on every backend and, where the scenario has one, the Adadelta comparison; gathers what a report shows. */
export async function collectReport(options: CollectReportOptions): Promise<{ check: CheckResult; results: ReportResults }> {
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  const spawn = options.spawn ?? spawnFor(runtime);
  const check = await runCheck({ ...options, runtime, spawn });
  const ran = check.backends.filter((b) => b.kind === 'ran');
  let adadelta: AdadeltaComparison | null = null;
  const comparisonBackend = ran.find((b) => b.backend === DEFAULT_BACKEND)?.backend ?? ran[0]?.backend;
  // The Adadelta comparison is a finding about the seed experiment (docs/design.md, fact 2).
  if (
    comparisonBackend !== undefined &&
    scenarioCan(options.scenario.scenario, 'adadeltaComparison') &&
    runtimeNamed(runtime).capabilities.adadeltaComparison
  ) {
    const epochs = Math.min(ADADELTA_EPOCHS, options.scenario.epochs);
    const request = (optimizer: 'adadelta' | 'adadelta-tfjs') => ({
      scenario: { ...options.scenario, epochs, optimizer, learningRate: 1 },
      case: 'loop' as const,
      reset: 'none' as const,
      backend: comparisonBackend,
    });
    const [keras, tfjs] = await Promise.all([
      spawn(request('adadelta'), { ...options.spawnOptions }),
      spawn(request('adadelta-tfjs'), { ...options.spawnOptions }),
    ]);
    adadelta = { backend: comparisonBackend, epochs, keras: points(keras), tfjs: points(tfjs) };
  }
  return { check, results: buildReportResults(check, adadelta) };
}

function points(t: Trajectory): LossPoint[] {
  return t.epochs.map(({ loss, lossBits }) => ({ loss, lossBits }));
}
