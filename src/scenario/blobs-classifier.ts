import seedrandom from 'seedrandom';
import type { ScenarioConfig } from './scenario-config.js';
import { createOptimizer } from './optimizers.js';
import type { ScenarioDefinition } from './scenario-definition.js';

export const BLOB_CLASSES = 3;
export const BLOB_FEATURES = 2;
export const DROPOUT_RATE = 0.2;

/**
 * Three Gaussian blobs in 2-D, centres on the unit circle, spread `noise`; labels one-hot. From
 * the data's own PRNG, so a pure function of (seed, config).
 */
export function generateBlobs(config: Pick<ScenarioConfig, 'samples' | 'noise'>, dataSeed: string): { x: Float32Array; y: Float32Array } {
  const random = seedrandom(dataSeed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = new Float32Array(config.samples * BLOB_FEATURES);
  const y = new Float32Array(config.samples * BLOB_CLASSES);
  for (let i = 0; i < config.samples; i++) {
    const label = i % BLOB_CLASSES;
    const angle = (2 * Math.PI * label) / BLOB_CLASSES;
    x[i * BLOB_FEATURES] = Math.cos(angle) + config.noise * normal();
    x[i * BLOB_FEATURES + 1] = Math.sin(angle) + config.noise * normal();
    y[i * BLOB_CLASSES + label] = 1;
  }
  return { x, y };
}

/**
 * A stateless classifier that exercises what the seed model does not: dropout masks and fit's
 * shuffling, both drawn from `Math.random` (seeded in the child), and seeded initializers.
 * `layers` × [Dense(units, relu) → Dropout(0.2)] → Dense(3, softmax); categorical cross-entropy.
 */
export const blobsDropoutClassifier: ScenarioDefinition = {
  name: 'blobs-dropout-classifier',
  describe: (c) =>
    `seed ${c.seed}, ${c.samples} points in ${BLOB_CLASSES} Gaussian blobs (spread ${c.noise}), batch ${c.batchSize}, ${c.epochs} epochs, ${c.layers} × [Dense(${c.units}, relu) → Dropout(${DROPOUT_RATE})] → Dense(${BLOB_CLASSES}, softmax), fit shuffles, ${c.optimizer} (lr ${c.learningRate})`,
  stateful: false,
  shuffle: true,
  // `step` is not used.
  defaults: { samples: 300, batchSize: 30, epochs: 10, units: 16, layers: 1, noise: 0.5, optimizer: 'adam' },
  initializers: (c) => [...Array.from({ length: c.layers }, (_, i) => `hidden_${i + 1}/kernel`), 'output/kernel'],
  build: (tf, config, seeds) => {
    const data = generateBlobs(config, seeds.data);
    const model = tf.sequential();
    for (let layer = 1; layer <= config.layers; layer++) {
      model.add(
        tf.layers.dense({
          name: `hidden_${layer}`,
          units: config.units,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.initializers[`hidden_${layer}/kernel`]! }),
          ...(layer === 1 ? { inputShape: [BLOB_FEATURES] } : {}),
        }),
      );
      // No seed: a seeded tfjs dropout would draw the same mask for every batch.
      model.add(tf.layers.dropout({ name: `dropout_${layer}`, rate: DROPOUT_RATE }));
    }
    model.add(
      tf.layers.dense({
        name: 'output',
        units: BLOB_CLASSES,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.initializers['output/kernel']! }),
      }),
    );
    model.compile({ loss: 'categoricalCrossentropy', optimizer: createOptimizer(tf, config) });
    return {
      x: tf.tensor2d(data.x, [config.samples, BLOB_FEATURES]),
      y: tf.tensor2d(data.y, [config.samples, BLOB_CLASSES]),
      model,
    };
  },
};
