import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADADELTA_EPSILON, ADADELTA_RHO, createOptimizer } from '../../../src/scenario/optimizers.js';

/** One optimizer step on p = [p0] with loss = g·p (so the gradient is g), returning the new p. */
function stepOnce(optimizer: 'adadelta' | 'adadelta-tfjs', p0: number, g: number, steps = 1): number {
  const p = tf.variable(tf.tensor1d([p0]));
  const opt = createOptimizer(tf, { optimizer, learningRate: 1 });
  for (let i = 0; i < steps; i++) opt.minimize(() => tf.sum(tf.mul(p, g)), false, [p]);
  const value = p.dataSync()[0]!;
  opt.dispose();
  p.dispose();
  return value;
}

/** Keras 2.0.4's Adadelta in float64, the reference the Keras-faithful optimizer must follow. */
function kerasReference(p0: number, g: number, steps: number): number {
  let p = p0;
  let a = 0;
  let d = 0;
  for (let i = 0; i < steps; i++) {
    a = ADADELTA_RHO * a + (1 - ADADELTA_RHO) * g * g;
    const u = (g * Math.sqrt(d + ADADELTA_EPSILON)) / Math.sqrt(a + ADADELTA_EPSILON);
    p -= u;
    d = ADADELTA_RHO * d + (1 - ADADELTA_RHO) * u * u;
  }
  return p;
}

describe('optimizers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([1, 5, 20])('Keras-faithful adadelta follows the float64 Keras formula for %i steps', (steps) => {
    const got = stepOnce('adadelta', 0.5, 0.3, steps);
    expect(Math.abs(got - kerasReference(0.5, 0.3, steps))).toBeLessThan(1e-6);
  });

  it("tfjs's stock adadelta takes a full gradient step first (it divides by the old accumulator)", () => {
    expect(stepOnce('adadelta-tfjs', 0.5, 0.3)).toBeCloseTo(0.5 - 0.3, 6);
    expect(Math.abs(stepOnce('adadelta', 0.5, 0.3) - 0.5)).toBeLessThan(1e-3);
  });
});
