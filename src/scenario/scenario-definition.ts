import type { LayersModel, Tf } from '../tfjs/tf-types.js';
import type { DerivedSeeds, ParamValue, ScenarioConfig, ScenarioFields } from './scenario-config.js';

export type { ParamValue } from './scenario-config.js';
import type { createOptimizer } from './optimizers.js';

type Tensor = ReturnType<Tf['tensor']>;

/** A scenario parameter's value; its default's type is its schema. */

/** Helpers for a scenario's build, so that a user module needs no dependency of its own. */
export interface BuildContext {
  /** A PRNG in [0, 1) seeded from `seeds.data`: draw the data from it, never from Math.random. */
  readonly random: () => number;
  /** The optimizer the config names (`optimizer`, `learningRate`; Keras-faithful adadelta by default). */
  readonly createOptimizer: () => ReturnType<typeof createOptimizer>;
}

/** What `build` returns: the whole training set and a compiled model. */
export interface BuiltScenario {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly model: LayersModel;
}

/**
 * The scenario contract: everything the runner knows of a model. The built-in scenarios and a
 * user's module (default export, or a named export `scenario`) are the same shape; the runner
 * has no other knowledge of any of them. Documented with an example in the README ("Testing your
 * own model") and in fixtures/example-project/.
 */
export interface ScenarioDefinition {
  /** Folder name of its goldens and report; lowercase letters, digits and dashes. */
  readonly name: string;
  /** One line for reports: what is trained, on what. */
  readonly describe: (config: ScenarioConfig) => string;
  /** Stateful layers: the reset claims (reset-matters, callback-equals-loop) apply. */
  readonly stateful: boolean;
  /** Whether fit shuffles (fit draws the order from the seeded `Math.random`). */
  readonly shuffle: boolean;
  /** Defaults of the common fields that differ from the seed experiment's. */
  readonly defaults?: Partial<ScenarioFields>;
  /** The scenario's own parameters with their defaults (`--param name=value`, `params` in the config). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** Further checks of a resolved config; each string one issue (`field: expected …, got …`). */
  readonly validate?: (config: ScenarioConfig) => readonly string[];
  /** The seeded initializers the model uses, by name; each gets its own non-zero seed in `seeds.initializers`. */
  readonly initializers: (config: ScenarioConfig) => readonly string[];
  /**
   * Builds the data and the compiled model from the tfjs the child loaded (never import tfjs
   * yourself: a second copy has no backend), the resolved config and its derived seeds.
   */
  readonly build: (tf: Tf, config: ScenarioConfig, seeds: DerivedSeeds, context: BuildContext) => BuiltScenario;
  /** What tfjs-repro can do with this scenario beyond the claims. @default {} */
  readonly capabilities?: ScenarioCapabilities;
}

/** Features that need more than the contract above, each declared by the scenarios that have it. */
export interface ScenarioCapabilities {
  /** The float64 reference trainer implements this model: `export`, `fidelity` and the report's matches-reference. */
  readonly float64Reference?: boolean;
  /** Its Adadelta can be swapped for tfjs's stock formula: the report's Adadelta comparison. */
  readonly adadeltaComparison?: boolean;
  /** Its predictions form a curve over the samples: the report's predictions plot. */
  readonly predictionCurve?: boolean;
}
