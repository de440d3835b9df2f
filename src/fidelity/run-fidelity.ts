import { ReproError } from '../errors.js';
import type { SpawnFn } from '../run/spawn-options.js';
import { createRunExecutor, type RunExecutor, type RunJob } from '../execute/run-executor.js';
import type { RunRequest } from '../trajectory/run-request.js';
import type { SpawnRunOptions } from '../run/spawn-options.js';
import type { OptimizerName, ScenarioConfig } from '../scenario/config.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { DEFAULT_RUNTIME, replayerOf, unavailableReason, spawnFor } from '../runtimes/registry.js';
import { KERAS_BOUND } from '../runtimes/keras/matches-keras.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { epochRelativeDistances, epochUlpDistances } from '../compare/epoch-distances.js';
import { buildExportBundle } from './export-bundle.js';
import { compareWithReference, FIDELITY_BOUND, type FidelityComparison } from './fidelity.js';

/** Epochs over which tfjs's own Adadelta is compared: it diverges, and chaos amplifies rounding. */
export const DIVERGING_WINDOW = 10;

export type FidelityOutcome =
  | { readonly kind: 'unavailable'; readonly backend: BackendName; readonly reason: string }
  | {
      readonly kind: 'ran';
      readonly backend: BackendName;
      /** matches-reference: the backend follows the float64 reference of its own optimizer. */
      readonly holds: boolean;
      readonly comparisons: readonly FidelityComparison[];
    };

/** Two backends trained from the very same initial weights (the first backend's). */
export interface SameStartComparison {
  readonly a: BackendName;
  readonly b: BackendName;
  readonly ulpPerEpoch: readonly (number | null)[];
  readonly relPerEpoch: readonly (number | null)[];
  readonly identical: boolean;
}

export { KERAS_BOUND };

/** With `--keras`: matches-keras per tfjs backend, or why Keras could not run. */
export type KerasOutcome = KerasFidelity | { readonly unavailable: string };

/** matches-keras: one tfjs run against Keras/TensorFlow from the same start. */
export interface KerasComparison {
  /** The tfjs backend (Node) of the run compared. */
  readonly backend: BackendName;
  readonly relPerEpoch: readonly (number | null)[];
  readonly maxRel: number;
  readonly matches: boolean;
}

export interface KerasFidelity {
  readonly comparisons: readonly KerasComparison[];
  /**
   * tfjs's stock Adadelta (adadelta-tfjs) against Keras's, from the same start: the first batches'
   * losses (Keras's batch k recovered from its running means) and the first batch beyond the bound.
   */
  readonly stockAdadelta?: { readonly relFirstBatches: readonly number[]; readonly firstBatchBeyond: number | null };
}

export interface FidelityResult {
  readonly backends: readonly FidelityOutcome[];
  readonly sameStart: readonly SameStartComparison[];
  /** With `keras`: matches-keras per tfjs backend, or why Keras could not run. */
  readonly keras?: KerasOutcome;
}

export interface FidelityOptions {
  readonly scenario: ScenarioConfig;
  readonly backends: readonly BackendName[];
  readonly parallelism?: number;
  readonly spawn?: SpawnFn;
  readonly spawnOptions?: Omit<SpawnRunOptions, 'onEpoch'>;
  /** Also train Keras 3 on TensorFlow (the keras runtime) from the first backend's start: matches-keras. */
  readonly keras?: boolean;
  /** How Keras runs are spawned. @default spawnKerasRun */
  readonly kerasSpawn?: SpawnFn;
}

/**
 * Runs the scenario on each backend and trains the float64 reference from each run's own initial
 * weights. With Keras-faithful Adadelta it also runs tfjs's Adadelta and measures it against both
 * formulas, which shows where the two part.
 */
export async function runFidelity(options: FidelityOptions): Promise<FidelityResult> {
  const executor = createRunExecutor({
    parallelism: options.parallelism ?? 2,
    spawnFor: (runtime) => (runtime === DEFAULT_RUNTIME ? options.spawn : options.kerasSpawn) ?? spawnFor(runtime),
    ...(options.spawnOptions === undefined ? {} : { spawnOptions: options.spawnOptions }),
  });
  const { scenario } = options;
  const withTfjsAdadelta = scenario.optimizer === 'adadelta';
  const tasks: RunJob[] = [];
  for (const backend of options.backends.filter((b) => unavailableReason(b, DEFAULT_RUNTIME) === undefined)) {
    tasks.push(nodeJob({ scenario, case: 'loop', reset: 'none', backend }));
    if (withTfjsAdadelta) {
      const epochs = Math.min(scenario.epochs, DIVERGING_WINDOW);
      tasks.push(nodeJob({ scenario: { ...scenario, optimizer: 'adadelta-tfjs', epochs }, case: 'loop', reset: 'none', backend }));
    }
  }
  const settled = await executor.runAll(tasks);
  const outcomes = options.backends.map((backend) => fidelityOutcome(backend, tasks, settled));
  // Cross-backend closeness from one start: the other backends rerun from the first one's weights.
  const first = tasks.find((task) => task.request.scenario.optimizer === scenario.optimizer);
  const base = first === undefined ? undefined : settled.get(first.key);
  if (first === undefined || base === undefined || base instanceof ReproError)
    return { backends: outcomes, sameStart: [], ...(options.keras === true ? { keras: { unavailable: 'no tfjs run to start from' } } : {}) };
  const others = [...new Set(tasks.map((t) => t.request.backend))].filter((b) => b !== first.request.backend);
  const reruns = await executor.runAll(others.map((backend) => nodeJob({ ...first.request, backend, initialWeights: base.initialWeights }, 'same start')));
  const sameStartRuns = new Map<BackendName, Trajectory>();
  const sameStart = others.map((backend): SameStartComparison => {
    const rerun = reruns.get(`${backend}/${scenario.optimizer} same start`)!;
    if (rerun instanceof ReproError) throw rerun;
    sameStartRuns.set(backend, rerun);
    const ulpPerEpoch = epochUlpDistances(base, rerun);
    return {
      a: first.request.backend,
      b: backend,
      ulpPerEpoch,
      relPerEpoch: epochRelativeDistances(base, rerun),
      identical: ulpPerEpoch.every((u) => u === 0),
    };
  });
  if (options.keras !== true) return { backends: outcomes, sameStart };
  sameStartRuns.set(first.request.backend, base);
  const stock = withTfjsAdadelta ? settled.get(`${first.request.backend}/adadelta-tfjs`) : undefined;
  const keras = await replayedFidelity(executor, first.request, base, sameStartRuns, stock instanceof ReproError ? undefined : stock);
  return { backends: outcomes, sameStart, keras };
}

/** A run in Node for fidelity: keyed by its backend and optimizer (and what else it is). */
function nodeJob(request: RunRequest, what?: string): RunJob {
  const key = `${request.backend}/${request.scenario.optimizer}${what === undefined ? '' : ` ${what}`}`;
  return { key, runtime: DEFAULT_RUNTIME, request };
}

/** One backend's runs against the float64 reference of their optimizers (tfjs's Adadelta against both formulas). */
function fidelityOutcome(backend: BackendName, tasks: readonly RunJob[], settled: ReadonlyMap<string, Trajectory | ReproError>): FidelityOutcome {
  const reason = unavailableReason(backend, DEFAULT_RUNTIME);
  if (reason !== undefined) return { kind: 'unavailable', backend, reason };
  const comparisons: FidelityComparison[] = [];
  for (const task of tasks.filter((t) => t.request.backend === backend)) {
    const run = settled.get(task.key)!;
    if (run instanceof ReproError) throw run;
    const data = buildExportBundle(run).data;
    const own = task.request.scenario.optimizer;
    comparisons.push(compareWithReference(run, data, own));
    if (own === 'adadelta-tfjs') comparisons.push(compareWithReference(run, data, 'adadelta' as OptimizerName));
  }
  return { kind: 'ran', backend, holds: comparisons[0]!.matches, comparisons };
}

/** matches-keras from the first backend's start: the runtime that replays Node's runs trains it again, and every same-start run is held against it. */
async function replayedFidelity(
  executor: RunExecutor,
  request: RunRequest,
  base: Trajectory,
  sameStartRuns: ReadonlyMap<BackendName, Trajectory>,
  stock: Trajectory | undefined,
): Promise<KerasOutcome> {
  // The runtime that trains Node's runs again from their start (Keras on TensorFlow).
  const replayer = replayerOf(DEFAULT_RUNTIME);
  const unavailable = replayer === undefined ? 'no runtime replays Node runs' : unavailableReason(replayer.replay.backend, replayer.runtime, request.scenario);
  if (replayer === undefined || unavailable !== undefined) return { unavailable: unavailable ?? 'no runtime replays Node runs' };
  const keras = await executor.run({
    key: `${replayer.runtime}/${replayer.replay.backend} from ${request.backend}`,
    runtime: replayer.runtime,
    request: { ...request, backend: replayer.replay.backend, initialWeights: base.initialWeights },
  });
  const comparisons = [...sameStartRuns].map(([backend, run]): KerasComparison => {
    const relPerEpoch = epochRelativeDistances(run, keras);
    const maxRel = Math.max(...relPerEpoch.map((r) => r ?? Number.POSITIVE_INFINITY));
    return { backend, relPerEpoch, maxRel, matches: maxRel <= replayer.replay.bound };
  });
  const stockAdadelta = stock === undefined ? undefined : compareFirstBatches(stock, keras);
  return { comparisons, ...(stockAdadelta === undefined ? {} : { stockAdadelta }) };
}

/**
 * Batch losses of a tfjs run against a Keras run's: Keras 3 logs the running mean of the epoch so
 * far (m_k), so its batch k is k·m_k − (k−1)·m_(k−1), exact to float32 rounding of the means.
 */
function compareFirstBatches(tfjs: Trajectory, keras: Trajectory): { relFirstBatches: number[]; firstBatchBeyond: number | null } {
  const kerasBatches = keras.batches.map((b, i, all) => {
    const previous = i === 0 || all[i - 1]!.epoch !== b.epoch ? undefined : all[i - 1]!.loss;
    return b.loss === null || (previous === null && i > 0) ? Number.NaN : b.batch * b.loss - (b.batch - 1) * (previous ?? 0);
  });
  const rel = tfjs.batches.slice(0, kerasBatches.length).map((b, i) => {
    const [x, y] = [b.loss ?? Number.NaN, kerasBatches[i]!];
    const scale = Math.max(Math.abs(x), Math.abs(y));
    return scale === 0 ? 0 : Math.abs(x - y) / scale;
  });
  const beyond = rel.findIndex((r) => !(r <= KERAS_BOUND));
  return { relFirstBatches: rel.slice(0, 3), firstBatchBeyond: beyond === -1 ? null : beyond + 1 };
}

export { FIDELITY_BOUND };
