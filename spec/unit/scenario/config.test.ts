import { describe, expect, it } from 'vitest';
import { ReproError } from '../../../src/errors.js';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';

function issuesOf(options: unknown): readonly string[] {
  try {
    resolveScenarioConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ReproError);
    expect((error as ReproError).code).toBe('usage');
    return (error as ReproError).issues;
  }
  throw new Error('expected the config to be rejected');
}

describe('resolveScenarioConfig', () => {
  it("defaults to the seed experiment, with Keras 2.0.4's Adadelta learning rate", () => {
    expect(resolveScenarioConfig({})).toEqual({
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
      learningRate: 1,
      params: {},
    });
  });

  it('takes the default learning rate of the chosen optimizer', () => {
    expect(resolveScenarioConfig({ optimizer: 'sgd' }).learningRate).toBe(0.01);
    expect(resolveScenarioConfig({ optimizer: 'adam' }).learningRate).toBe(0.001);
  });

  it('accepts seed 0 and the largest 32-bit seed', () => {
    expect(resolveScenarioConfig({ seed: 0 }).seed).toBe(0);
    expect(resolveScenarioConfig({ seed: 2 ** 32 - 1 }).seed).toBe(2 ** 32 - 1);
  });

  it('rejects a batch size that does not divide the sample count, naming both', () => {
    expect(issuesOf({ batchSize: 300 })).toEqual([
      'batchSize: expected a divisor of samples (1000) since stateful layers need every batch full, got 300 (number)',
    ]);
  });

  it('reports every problem at once, each with the value and its type', () => {
    const issues = issuesOf({ seed: -1, epochs: 0, optimizer: 'rmsprop', noise: '0.1', colour: 'red' });
    expect(issues).toEqual([
      'colour: unknown field; allowed: scenario, seed, samples, step, noise, batchSize, epochs, units, layers, optimizer, learningRate, params',
      'seed: expected an integer from 0 to 4294967295, got -1 (number)',
      'epochs: expected an integer from 1 to 100000, got 0 (number)',
      'noise: expected a finite number ≥ 0, got "0.1" (string)',
      'optimizer: expected one of adadelta, adadelta-tfjs, sgd, adam, got "rmsprop" (string)',
    ]);
  });

  it('rejects non-integer seeds and seeds past 2^32 - 1', () => {
    expect(issuesOf({ seed: 1.5 })).toEqual(['seed: expected an integer from 0 to 4294967295, got 1.5 (number)']);
    expect(issuesOf({ seed: 2 ** 32 })).toEqual(['seed: expected an integer from 0 to 4294967295, got 4294967296 (number)']);
  });
});
