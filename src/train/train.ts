import seedrandom from 'seedrandom';
import type { RunRequest } from '../trajectory/run-request.js';
import { createOptimizer } from '../scenario/optimizers.js';
import type { DerivedSeeds } from '../scenario/seeds.js';
import type { ScenarioConfig } from '../scenario/config.js';
import type { BuiltScenario, ScenarioDefinition } from '../scenario/scenario-definition.js';
import { getScenario, scenarioModuleOf } from '../scenario/scenario-registry.js';
import type { LayersModel } from '../scenario/stateful-lstm.js';
import type { LoadedTfjs } from '../tfjs/tf-types.js';
import { toLossPoint } from '../trajectory/loss-point.js';
import {
  TRAJECTORY_FORMAT,
  TRAJECTORY_VERSION,
  type BatchRecord,
  type DataCapture,
  type EpochRecord,
  type NamedWeight,
  type Provenance,
  type Trajectory,
} from '../trajectory/trajectory.js';
import { bitsToHex, hexToBits } from '../trajectory/float32.js';
import { ReproError, describeValue } from '../errors.js';
import { digestWeights } from '../trajectory/weight-digest.js';
import { recordBatchData } from './capture-data.js';
import { traceKernels } from './kernel-trace.js';
import type { KernelTrace } from '../trajectory/kernel-trace.js';

export interface TrainingRecord {
  readonly epochs: EpochRecord[];
  readonly batches: BatchRecord[];
  readonly weightDigests: string[];
  readonly predictions: (number | null)[];
  readonly initialWeights: NamedWeight[];
  readonly capture: DataCapture;
  readonly kernelTrace?: KernelTrace;
  readonly trainMs: number;
}

export interface TrainHooks {
  /** Called after every epoch with its loss; used for progress messages. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains the request's scenario as the request says: case `loop` is N × fit(epochs=1), case `single` one
 * fit(epochs=N); reset `epoch` calls resetStates() after each fit (loop) or in onEpochEnd (single).
 * Records every batch loss, each epoch's loss, weight digest and tensor count.
 */
export async function trainScenario(tfjs: LoadedTfjs, request: RunRequest, seeds: DerivedSeeds, hooks: TrainHooks = {}): Promise<TrainingRecord> {
  const { tf } = tfjs;
  const { scenario } = request;
  const definition = getScenario(scenario.scenario);
  const { x, y, model } = buildScenario(tfjs, definition, scenario, seeds);
  const { shuffle } = definition;
  if (request.initialWeights !== undefined) setNamedWeights(tfjs, model, request.initialWeights);

  const initialWeights = await readNamedWeights(model);
  const data = recordBatchData(model);
  const tracer = request.trace === undefined ? undefined : traceKernels(tf.engine(), model, request.trace.upTo);
  const stopAfterTrace = request.trace?.keepTraining !== true;
  const record: Omit<TrainingRecord, 'predictions' | 'initialWeights' | 'capture'> = { epochs: [], batches: [], weightDigests: [], trainMs: 0 };
  let epoch = 0;
  const resetInCallback = request.reset === 'epoch' && request.case === 'single';
  const resetAfterFit = request.reset === 'epoch' && request.case === 'loop';
  const endEpoch = async (loss: number): Promise<void> => {
    data.endEpoch();
    record.epochs.push({ epoch, ...toLossPoint(loss), numTensors: tf.memory().numTensors });
    record.weightDigests.push(await digestModelWeights(model));
    hooks.onEpoch?.(epoch, loss);
    if (resetInCallback) model.resetStates();
  };
  const callbacks = {
    onEpochBegin: async () => {
      epoch += 1;
      tracer?.beginEpoch();
    },
    onBatchEnd: async (batch: number, logs?: { loss?: number }) => {
      record.batches.push({ epoch, batch: batch + 1, ...toLossPoint(logs?.loss ?? Number.NaN) });
      // A traced replay stops after the batch it was asked to reach (unless asked to keep training).
      if (stopAfterTrace && tracer?.done === true) model.stopTraining = true;
    },
    onEpochEnd: async (_epoch: number, logs?: { loss?: number }) => {
      await endEpoch(logs?.loss ?? Number.NaN);
    },
  };
  // yieldEvery 'never': tfjs's default ('auto') yields to the event loop between batches, which
  // a child with nothing else to do only pays for.
  const fitArgs = { batchSize: scenario.batchSize, shuffle, verbose: 0 as const, yieldEvery: 'never' as const, callbacks };

  const started = performance.now();
  if (request.case === 'loop') {
    for (let i = 0; i < scenario.epochs; i++) {
      await model.fit(x, y, { ...fitArgs, epochs: 1 });
      if (stopAfterTrace && tracer?.done === true) break;
      if (resetAfterFit) model.resetStates();
    }
  } else {
    await model.fit(x, y, { ...fitArgs, epochs: scenario.epochs });
  }
  const trainMs = performance.now() - started;
  const kernelTrace = tracer?.finish();
  // After training (and after recording it): predict overwrites the layers' states.
  const output = model.predict(x, { batchSize: scenario.batchSize }) as ReturnType<typeof tf.tensor2d>;
  // (For a classifier: the class probabilities, sample-major.)
  const predictions = Array.from(await output.data(), (value) => (Number.isFinite(value) ? value : null));
  tf.dispose([x, y, output]);
  model.dispose();
  return { ...record, predictions, initialWeights, capture: data.capture, ...(kernelTrace === undefined ? {} : { kernelTrace }), trainMs };
}

/** Runs a definition's build; what a user's module throws or returns wrong is named as its fault. */
function buildScenario(tfjs: LoadedTfjs, definition: ScenarioDefinition, config: ScenarioConfig, seeds: DerivedSeeds): BuiltScenario {
  const where = `scenario ${definition.name}${scenarioModuleOf(definition.name) === undefined ? '' : ` (${scenarioModuleOf(definition.name)})`}`;
  let built: BuiltScenario;
  try {
    built = definition.build(tfjs.tf, config, seeds, { random: seedrandom(seeds.data), createOptimizer: () => createOptimizer(tfjs.tf, config) });
  } catch (error) {
    throw new ReproError('usage', `${where}: build threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const problems: string[] = [];
  const isTensor = (value: unknown): boolean => value instanceof tfjs.tf.Tensor;
  if (typeof built !== 'object' || built === null) problems.push(`expected { x, y, model }, got ${describeValue(built)}`);
  else {
    if (!isTensor(built.x)) problems.push(`x: expected a tf.Tensor, got ${describeValue(built.x)}`);
    if (!isTensor(built.y)) problems.push(`y: expected a tf.Tensor, got ${describeValue(built.y)}`);
    if (!(built.model instanceof tfjs.tf.LayersModel))
      problems.push(`model: expected a tf.LayersModel (tf.sequential() or tf.model()), got ${describeValue(built.model)}`);
    else if (!built.model.optimizer) problems.push('model: not compiled; call model.compile({ loss, optimizer }) in build');
  }
  if (problems.length > 0) throw new ReproError('usage', `${where}: build returned the wrong shape: ${problems.join('; ')}`);
  const hasState = built.model.layers.some((layer) => (layer as { stateful?: boolean }).stateful === true);
  if (hasState !== definition.stateful) {
    throw new ReproError(
      'usage',
      `${where}: declares stateful: ${definition.stateful}, but its model has ${hasState ? 'stateful layers' : 'no stateful layer'}; the reset claims would be ${hasState ? 'skipped wrongly' : 'meaningless'}`,
    );
  }
  return built;
}

/** Replaces the initialized weights with given ones; names and shapes must match the model's. */
function setNamedWeights(tfjs: LoadedTfjs, model: LayersModel, weights: readonly NamedWeight[]): void {
  const problems: string[] = [];
  const given = new Map(weights.map((w) => [w.name, w]));
  const values = model.weights.map((weight) => {
    const w = given.get(weight.originalName);
    const shape = weight.read().shape;
    if (w === undefined || w.shape.join('×') !== shape.join('×')) {
      problems.push(`${weight.originalName} [${shape.join('×')}]: ${w === undefined ? 'missing' : `given [${w.shape.join('×')}]`}`);
      return undefined;
    }
    return tfjs.tf.tensor(new Float32Array(Uint32Array.from(w.bits, hexToBits).buffer), shape);
  });
  if (problems.length > 0) throw new ReproError('usage', `initialWeights do not fit the model: ${problems.join('; ')}`);
  model.setWeights(values as NonNullable<(typeof values)[number]>[]);
  tfjs.tf.dispose(values as NonNullable<(typeof values)[number]>[]);
}

async function readNamedWeights(model: LayersModel): Promise<NamedWeight[]> {
  return Promise.all(
    model.weights.map(async (weight) => {
      const value = weight.read();
      return { name: weight.originalName, shape: value.shape, bits: Array.from(new Uint32Array((await value.data<'float32'>()).slice().buffer), bitsToHex) };
    }),
  );
}

async function digestModelWeights(model: LayersModel): Promise<string> {
  const values = await Promise.all(model.getWeights().map((weight) => weight.data<'float32'>()));
  return digestWeights(values);
}

/** The trajectory a run reports: its request, what training recorded, where and how fast it ran. */
export function toTrajectory(request: RunRequest, training: TrainingRecord, provenance: Provenance, startupMs: number, peakRssMb: number): Trajectory {
  return {
    format: TRAJECTORY_FORMAT,
    version: TRAJECTORY_VERSION,
    request,
    epochs: training.epochs,
    batches: training.batches,
    weightDigests: training.weightDigests,
    initialWeights: training.initialWeights,
    predictions: training.predictions,
    capture: training.capture,
    ...(training.kernelTrace === undefined ? {} : { kernelTrace: training.kernelTrace }),
    provenance,
    timings: { startupMs, trainMs: training.trainMs, msPerEpoch: training.trainMs / request.scenario.epochs, peakRssMb },
  };
}

/** The tfjs flags that can change numbers, as far as the active backend registers them. */
export function readFlags(tf: LoadedTfjs['tf'], names: readonly string[]): Record<string, boolean | number | string> {
  const flags: Record<string, boolean | number | string> = {};
  for (const flag of names) {
    try {
      flags[flag] = tf.env().get(flag);
    } catch {
      // The flag is not registered for this backend; absent from the record.
    }
  }
  return flags;
}

/**
 * Seeds `Math.random` again once tfjs is loaded, so that training starts from the same point of
 * the stream in every runtime. Loading consumes draws unevenly: each copy of seedrandom draws one
 * `Math.random()` when it is first evaluated (`mixkey(math.random(), pool)`), and Node's tfjs
 * bundles carry their own copies (tfjs-core, -layers, -converter, -data and the union: 5 draws
 * in a child), while the browser bundle shares the one the page loaded before seeding (0 draws).
 * Measured with the dropout classifier: without this, node/wasm and chromium/wasm part at epoch 1
 * batch 1 (40,413 ULP). Models that draw nothing from Math.random are unaffected.
 */
export function reseedAfterLoad(seeds: DerivedSeeds): void {
  seedrandom(seeds.mathRandom, { global: true });
}
