import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { parameterArrays, runBatch, type ReferenceStates, type ReferenceWeights } from '../../../src/fidelity/reference-model.js';
import { trainReference } from '../../../src/fidelity/reference-trainer.js';

function randomModel(seed: string, units: number[], inputSize: number): ReferenceWeights {
  const random = seedrandom(seed);
  const values = (n: number, scale = 0.5) => Float64Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  let n = inputSize;
  const lstm = units.map((u) => {
    const layer = { inputSize: n, units: u, kernel: values(n * 4 * u), recurrent: values(u * 4 * u), bias: values(4 * u, 0.1) };
    n = u;
    return layer;
  });
  return { lstm, denseKernel: values(n), denseBias: values(1, 0.1) };
}

describe('the float64 reference model', () => {
  it('computes gradients that agree with central finite differences for every parameter (seed "fd-1")', () => {
    const batch = 4;
    const weights = randomModel('fd-1', [3, 2], 1);
    const random = seedrandom('fd-1/data');
    const states: ReferenceStates = {
      h: weights.lstm.map((l) => Float64Array.from({ length: batch * l.units }, () => random() - 0.5)),
      c: weights.lstm.map((l) => Float64Array.from({ length: batch * l.units }, () => random() - 0.5)),
    };
    const x = Float64Array.from({ length: batch }, () => random() * 2 - 1);
    const y = Float64Array.from({ length: batch }, () => random() * 2 - 1);
    const analytic = parameterArrays(runBatch(weights, states, x, y, true).gradients!);
    const h = 1e-6;
    let checked = 0;
    parameterArrays(weights).forEach((parameters, k) => {
      for (let i = 0; i < parameters.length; i++) {
        const saved = parameters[i]!;
        parameters[i] = saved + h;
        const up = runBatch(weights, states, x, y, false).loss;
        parameters[i] = saved - h;
        const down = runBatch(weights, states, x, y, false).loss;
        parameters[i] = saved;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(numeric - analytic[k]![i]!), `parameter array ${k}, index ${i}`).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
        checked += 1;
      }
    });
    expect(checked).toBe(1 * 12 + 3 * 12 + 12 + 3 * 8 + 2 * 8 + 8 + 2 + 1);
  });

  it('learns: sgd lowers the loss of a toy sine over a few epochs', () => {
    const weights = randomModel('train-1', [4], 1);
    const t = Float64Array.from({ length: 40 }, (_, i) => i * 0.15);
    const { epochLosses } = trainReference({
      weights,
      x: t.map(Math.sin),
      y: t.map(Math.sin),
      batchSize: 10,
      epochs: 30,
      optimizer: 'sgd',
      learningRate: 0.1,
      reset: 'epoch',
    });
    expect(epochLosses.at(-1)!).toBeLessThan(epochLosses[0]! * 0.5);
  });
});
