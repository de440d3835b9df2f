/**
 * The shapes of a scenario's configuration, apart from validating it (config.ts) and from the
 * registry of scenarios: a leaf that the scenario definitions and the validation both import.
 */

export const OPTIMIZER_NAMES = ['adadelta', 'adadelta-tfjs', 'sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The built-in scenarios; a user scenario is loaded from its module (see scenario-registry.ts). */
export const SCENARIO_NAMES = ['stateful-lstm-sine', 'blobs-dropout-classifier'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export const MAX_SEED = 2 ** 32 - 1;

/** A scenario's own parameter value (declared with its default by the definition). */
export type ParamValue = number | string | boolean;

/** What the user may set; every field is optional and defaults to the seed experiment. */
export interface ScenarioOptions {
  /** A registered scenario's name: built-in, or loaded from a module. @default 'stateful-lstm-sine' */
  readonly scenario?: string;
  /** Master seed, an integer in [0, 2^32 − 1]; 0 is an ordinary seed here. @default 1 */
  readonly seed?: number;
  /** Number of samples of sin(t), t = 0, step, 2·step, … @default 1000 */
  readonly samples?: number;
  /** Step of t between samples. @default 0.01 */
  readonly step?: number;
  /** Standard deviation of the Gaussian noise added to the input. @default 0.1 */
  readonly noise?: number;
  /** Samples per batch; must divide `samples` (stateful layers need a fixed batch). @default 100 */
  readonly batchSize?: number;
  /** @default 70 */
  readonly epochs?: number;
  /** Units of every LSTM layer. @default 10 */
  readonly units?: number;
  /** Number of stacked stateful LSTM layers. @default 2 */
  readonly layers?: number;
  /** @default 'adadelta' (Keras-faithful) */
  readonly optimizer?: OptimizerName;
  /** @default 1.0 for adadelta and adadelta-tfjs, 0.01 for sgd, 0.001 for adam (Keras 2.0.4) */
  readonly learningRate?: number;
  /** The scenario's own parameters (declared with defaults by its definition). @default {} */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

export type ScenarioConfig = Readonly<Required<ScenarioOptions>>;

/** The seed experiment's values of the fields every scenario has: a scenario's definition may change them. */
export const SCENARIO_DEFAULTS = {
  scenario: 'stateful-lstm-sine',
  seed: 1,
  samples: 1000,
  step: 0.01,
  noise: 0.1,
  batchSize: 100,
  epochs: 70,
  units: 10,
  layers: 2,
  optimizer: 'adadelta',
} as const satisfies Omit<ScenarioConfig, 'learningRate' | 'params'>;

/** The fields every scenario has; a definition may change their defaults. */
export type ScenarioFields = Omit<ScenarioConfig, 'scenario' | 'params'>;

export interface DerivedSeeds {
  /** Seed string of the data generator's own PRNG. */
  readonly data: string;
  /** Seed string for the `Math.random` replacement installed before tfjs loads. */
  readonly mathRandom: string;
  /** One seed per initializer, keyed `lstm_1/kernel`, `lstm_1/recurrent_kernel`, …, `dense/kernel`. */
  readonly initializers: Readonly<Record<string, number>>;
}
