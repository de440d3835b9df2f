import type { Tf } from '../tfjs/load-tfjs.js';
import type { ScenarioConfig } from './config.js';
import type { DerivedSeeds } from './seeds.js';
import type { LayersModel } from './stateful-lstm.js';

type Tensor = ReturnType<Tf['tensor']>;

/**
 * What the runner needs of a scenario: the data and the compiled model, built from a resolved
 * config and the seeds derived from its master seed. Whether reset claims apply and whether fit
 * shuffles are in SCENARIO_TRAITS, which the parent reads without loading tfjs.
 */
export interface ScenarioDefinition {
  readonly name: ScenarioConfig['scenario'];
  readonly build: (tf: Tf, config: ScenarioConfig, seeds: DerivedSeeds) => { readonly x: Tensor; readonly y: Tensor; readonly model: LayersModel };
}
