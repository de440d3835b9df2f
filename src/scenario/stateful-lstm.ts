import type { LayersModel, Tf } from '../tfjs/tf-types.js';
import type { ScenarioConfig } from './scenario-config.js';
import { createOptimizer } from './optimizers.js';
import type { DerivedSeeds } from './scenario-config.js';
import type { ScenarioDefinition } from './scenario-definition.js';
import { generateSineData } from './sine-data.js';

/** The seed experiment uses one time step and one feature per sample. */
export const TIME_STEPS = 1;
export const FEATURES = 1;

export type { LayersModel } from '../tfjs/tf-types.js';

/**
 * LSTM(units, stateful, returnSequences) × (layers − 1) → LSTM(units, stateful) → Dense(1, linear),
 * compiled with mse. Initializers are Keras 2.0.4's, not tfjs's defaults (docs/design.md, fact 3):
 * glorot-uniform kernels, orthogonal recurrent kernels, unit forget bias, hard-sigmoid gates.
 */
export function buildStatefulLstm(tf: Tf, config: ScenarioConfig, seeds: DerivedSeeds): LayersModel {
  const seedOf = (name: string): number => {
    const seed = seeds.initializers[name];
    if (seed === undefined) throw new Error(`no derived seed for initializer ${name}`);
    return seed;
  };
  const model = tf.sequential();
  for (let layer = 1; layer <= config.layers; layer++) {
    const name = `lstm_${layer}`;
    model.add(
      tf.layers.lstm({
        name,
        units: config.units,
        stateful: true,
        returnSequences: layer < config.layers,
        ...(layer === 1 ? { batchInputShape: [config.batchSize, TIME_STEPS, FEATURES] } : {}),
        activation: 'tanh',
        recurrentActivation: 'hardSigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf(`${name}/kernel`) }),
        recurrentInitializer: tf.initializers.orthogonal({ seed: seedOf(`${name}/recurrent_kernel`), gain: 1 }),
        biasInitializer: 'zeros',
        unitForgetBias: true,
      }),
    );
  }
  model.add(
    tf.layers.dense({
      name: 'dense',
      units: 1,
      activation: 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('dense/kernel') }),
      biasInitializer: 'zeros',
    }),
  );
  model.compile({ loss: 'meanSquaredError', optimizer: createOptimizer(tf, config) });
  return model;
}

/** The seed experiment as a scenario: sine data with its own PRNG, the stacked stateful LSTM. */
export const statefulLstmSine: ScenarioDefinition = {
  name: 'stateful-lstm-sine',
  describe: (c) =>
    `seed ${c.seed}, ${c.samples} samples of sin(t) + N(0, ${c.noise}²), batch ${c.batchSize}, ${c.epochs} epochs, ${c.layers} × stateful LSTM(${c.units}) → Dense(1), ${c.optimizer} (lr ${c.learningRate})`,
  stateful: true,
  shuffle: false,
  capabilities: { float64Reference: true, adadeltaComparison: true, predictionCurve: true },
  initializers: (c) => [...Array.from({ length: c.layers }, (_, i) => [`lstm_${i + 1}/kernel`, `lstm_${i + 1}/recurrent_kernel`]).flat(), 'dense/kernel'],
  build: (tf, config, seeds) => {
    const data = generateSineData(config, seeds.data);
    return {
      x: tf.tensor3d(data.x, [config.samples, TIME_STEPS, FEATURES]),
      y: tf.tensor2d(data.y, [config.samples, 1]),
      model: buildStatefulLstm(tf, config, seeds),
    };
  },
};
