import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNPACK_GRADIENT_ISSUE, patchUnpackGradient, probeUnpackGradient } from '../../../src/tfjs/unpack-gradient.js';

// The tests in this file run in order: the first sees tfjs's stock gradient, later ones the patch.
describe(`Unpack gradient workaround (${UNPACK_GRADIENT_ISSUE})`, () => {
  let stockAtTwoSteps: Float32Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    stockAtTwoSteps = gradOfFirstStep([2, 3]);
  });

  it('canary: the stock gradient still fails for a single time step (delete src/tfjs/unpack-gradient.ts when this fails)', () => {
    const failure = probeUnpackGradient(tf);
    expect(failure, `${UNPACK_GRADIENT_ISSUE} looks fixed in tfjs ${tf.version.tfjs}: the workaround is no longer needed`).toMatch(
      /Argument tensors passed to stack must be a `Tensor\[\]`/,
    );
  });

  it('makes the single-step gradient work once patched', () => {
    patchUnpackGradient(tf);
    expect(probeUnpackGradient(tf)).toBeUndefined();
    expect(Array.from(gradOfFirstStep([1, 3]))).toEqual([1, 2, 3]);
  });

  it('is bitwise equal to the stock gradient for two time steps', () => {
    patchUnpackGradient(tf);
    expect(gradOfFirstStep([2, 3])).toEqual(stockAtTwoSteps);
  });

  it('patches once however often it is applied', () => {
    patchUnpackGradient(tf);
    const once = tf.getGradient(tf.Unpack);
    patchUnpackGradient(tf);
    expect(tf.getGradient(tf.Unpack)).toBe(once);
  });
});

function gradOfFirstStep(shape: [number, number]): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomUniform(shape, -1, 1, 'float32', 7);
    return tf
      .grad((input: tf.Tensor) => tf.sum(tf.mul(tf.unstack(input)[0]!, tf.range(1, shape[1] + 1))))(x)
      .dataSync() as Float32Array;
  });
}
