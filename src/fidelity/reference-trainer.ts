import type { OptimizerName } from '../scenario/config.js';
import type { ResetPolicy } from '../trajectory/run-request.js';
import { cloneWeights, parameterArrays, runBatch, zeroStates, type ReferenceWeights } from './reference-model.js';
import { createReferenceOptimizer } from './reference-optimizers.js';

export interface ReferenceTraining {
  readonly weights: ReferenceWeights;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly batchSize: number;
  readonly epochs: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly reset: ResetPolicy;
}

export interface ReferenceTrajectory {
  readonly batchLosses: number[];
  /** Mean of the epoch's batch losses, as tfjs reports it. */
  readonly epochLosses: number[];
}

/**
 * Trains as tfjs does with shuffle off: batches in order, states carried from batch to batch
 * (reset after each epoch with `reset: 'epoch'`), one optimizer step per batch.
 */
export function trainReference(options: ReferenceTraining): ReferenceTrajectory {
  const weights = cloneWeights(options.weights);
  const optimizer = createReferenceOptimizer(options.optimizer, options.learningRate);
  const batches = options.y.length / options.batchSize;
  const inputSize = weights.lstm[0]!.inputSize;
  const batchLosses: number[] = [];
  const epochLosses: number[] = [];
  let states = zeroStates(weights, options.batchSize);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    let sum = 0;
    for (let b = 0; b < batches; b++) {
      const from = b * options.batchSize;
      const x = options.x.subarray(from * inputSize, (from + options.batchSize) * inputSize);
      const y = options.y.subarray(from, from + options.batchSize);
      const result = runBatch(weights, states, x, y, true);
      optimizer.step(parameterArrays(weights), parameterArrays(result.gradients!));
      states = result.states;
      batchLosses.push(result.loss);
      sum += result.loss;
    }
    epochLosses.push(sum / batches);
    if (options.reset === 'epoch') states = zeroStates(weights, options.batchSize);
  }
  return { batchLosses, epochLosses };
}
