import { scenarioCan, scenariosThatCan } from '../scenario/scenario-registry.js';
import { ReproError } from '../errors.js';
import { ADADELTA_EPSILON, ADADELTA_RHO, ADAM } from '../scenario/optimizers.js';
import { deriveSeeds } from '../scenario/seeds.js';
import { generateSineData } from '../scenario/sine-data.js';
import { FEATURES, TIME_STEPS } from '../scenario/stateful-lstm.js';
import { float32ToHex, hexToFloat32 } from '../trajectory/float32.js';
import type { NamedWeight, Trajectory } from '../trajectory/trajectory.js';
import type { ReferenceWeights } from './reference-model.js';
import { UPDATE_FORMULAS } from './reference-optimizers.js';

export const EXPORT_FORMAT = 'tfjs-repro/export';
export const EXPORT_VERSION = 1;

interface Float32Values {
  readonly shape: readonly number[];
  /** Decimal values (exactly the float32 values; null where not finite). */
  readonly values: readonly (number | null)[];
  /** The same values as float32 bit patterns: authoritative. */
  readonly bits: readonly string[];
}

/**
 * A self-describing bundle of one run, for replaying the same training in Keras, PyTorch, JAX or
 * the float64 reference: the data, the initial weights in Keras's layout, the optimizer with its
 * exact update formula, and the recorded trajectory. Documented in docs/export.md.
 */
export interface ExportBundle {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly request: Trajectory['request'];
  readonly layout: Readonly<Record<string, string>>;
  readonly data: { readonly x: Float32Values; readonly y: Float32Values };
  readonly initialWeights: readonly (Float32Values & { readonly name: string })[];
  readonly optimizer: {
    readonly name: string;
    readonly formula: string;
    readonly hyperParameters: Readonly<Record<string, number>>;
  };
  readonly trajectory: Pick<Trajectory, 'epochs' | 'batches' | 'weightDigests'>;
  readonly provenance: Trajectory['provenance'];
}

export const WEIGHT_LAYOUT: Readonly<Record<string, string>> = {
  order: 'model order, as Keras get_weights(): lstm_1/kernel, lstm_1/recurrent_kernel, lstm_1/bias, lstm_2/…, dense/kernel, dense/bias',
  'lstm kernel': 'shape [input, 4·units]; columns are the gates i, f, c, o (units each), as in Keras',
  'lstm recurrent_kernel': 'shape [units, 4·units]; gate order i, f, c, o',
  'lstm bias': 'shape [4·units]; gate order i, f, c, o (unit forget bias: the f block starts at 1)',
  'lstm activations': 'tanh; recurrent activation hard sigmoid clip(0.2·x + 0.5, 0, 1)',
  'dense kernel': 'shape [units, 1]; linear activation',
  training: 'shuffle off; batches in order; stateful: each batch continues the states of the previous one; one optimizer step per batch; loss mse',
  data: 'x shape [samples, 1, 1] (one time step, one feature), y shape [samples, 1]',
};

export function buildExportBundle(trajectory: Trajectory): ExportBundle {
  const { scenario } = trajectory.request;
  if (!scenarioCan(scenario.scenario, 'float64Reference')) {
    throw new ReproError(
      'usage',
      `--scenario: export and fidelity cover the scenarios the float64 reference implements (${scenariosThatCan('float64Reference').join(', ')}), got ${JSON.stringify(scenario.scenario)}`,
    );
  }
  if (trajectory.initialWeights === undefined) throw new ReproError('internal', 'the run did not record its initial weights');
  const data = generateSineData(scenario, deriveSeeds(scenario).data);
  const hyperParameters: Record<string, number> = { learningRate: scenario.learningRate };
  if (scenario.optimizer === 'adadelta' || scenario.optimizer === 'adadelta-tfjs')
    Object.assign(hyperParameters, { rho: ADADELTA_RHO, epsilon: ADADELTA_EPSILON });
  if (scenario.optimizer === 'adam') Object.assign(hyperParameters, { beta1: ADAM.beta1, beta2: ADAM.beta2, epsilon: ADAM.epsilon });
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    request: trajectory.request,
    layout: WEIGHT_LAYOUT,
    data: {
      x: float32Values(data.x, [scenario.samples, TIME_STEPS, FEATURES]),
      y: float32Values(data.y, [scenario.samples, 1]),
    },
    initialWeights: trajectory.initialWeights.map((w) => ({ name: w.name, shape: w.shape, values: w.bits.map(decimal), bits: w.bits })),
    optimizer: { name: scenario.optimizer, formula: UPDATE_FORMULAS[scenario.optimizer], hyperParameters },
    trajectory: { epochs: trajectory.epochs, batches: trajectory.batches, weightDigests: trajectory.weightDigests },
    provenance: trajectory.provenance,
  };
}

function float32Values(values: Float32Array, shape: readonly number[]): Float32Values {
  const bits = Array.from(values, float32ToHex);
  return { shape, values: bits.map(decimal), bits };
}

function decimal(bits: string): number | null {
  const value = hexToFloat32(bits);
  return Number.isFinite(value) ? value : null;
}

/** The exported initial weights as float64 arrays for the reference trainer. */
export function referenceWeightsOf(weights: readonly NamedWeight[]): ReferenceWeights {
  const decode = (w: NamedWeight) => Float64Array.from(w.bits, (b) => hexToFloat32(b));
  const named = new Map(weights.map((w) => [w.name, w]));
  const lstm: ReferenceWeights['lstm'][number][] = [];
  for (let layer = 1; named.has(`lstm_${layer}/kernel`); layer++) {
    const kernel = named.get(`lstm_${layer}/kernel`)!;
    lstm.push({
      inputSize: kernel.shape[0]!,
      units: kernel.shape[1]! / 4,
      kernel: decode(kernel),
      recurrent: decode(named.get(`lstm_${layer}/recurrent_kernel`)!),
      bias: decode(named.get(`lstm_${layer}/bias`)!),
    });
  }
  const denseKernel = named.get('dense/kernel');
  const denseBias = named.get('dense/bias');
  if (lstm.length === 0 || denseKernel === undefined || denseBias === undefined) {
    throw new ReproError('input-file', `initial weights: expected lstm_1/kernel … dense/bias, got ${weights.map((w) => w.name).join(', ')}`);
  }
  return { lstm, denseKernel: decode(denseKernel), denseBias: decode(denseBias) };
}

/** Bit patterns → float32 values widened to float64 (for the reference's data). */
export function float64Of(bits: readonly string[]): Float64Array {
  return Float64Array.from(bits, (b) => hexToFloat32(b));
}
