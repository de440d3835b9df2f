import type { TfCore } from './tf-types.js';

/**
 * Workaround for tensorflow/tfjs#8255 (fix PR tensorflow/tfjs#8506, unmerged in 4.22.0).
 *
 * `rnn()` unstacks the time axis; with one time step the Unpack op has a single output and the
 * engine hands its gradient a bare tensor instead of a Tensor[], so `stack(dy)` throws
 * "Argument tensors passed to stack must be a Tensor[]" and the seed model cannot train at all.
 * The patch wraps the stock gradient and gives it an array; for two or more steps it passes dy
 * through untouched, so it is bitwise equal to the stock gradient there.
 *
 * The canary `spec/unit/tfjs/unpack-gradient.test.ts` fails when the stock gradient works,
 * which is the signal to delete this file.
 */
export const UNPACK_GRADIENT_ISSUE = 'tensorflow/tfjs#8255';

const patched = new WeakSet<object>();

export function patchUnpackGradient(tf: TfCore): void {
  const stock = tf.getGradient(tf.Unpack);
  if (stock === undefined || patched.has(stock)) return;
  const config = {
    ...stock,
    gradFunc: (dy: Parameters<typeof stock.gradFunc>[0], saved: Parameters<typeof stock.gradFunc>[1], attrs: Parameters<typeof stock.gradFunc>[2]) =>
      stock.gradFunc(Array.isArray(dy) ? dy : [dy], saved, attrs),
  };
  patched.add(config);
  tf.registerGradient(config);
}

/**
 * Runs the smallest case of the bug with whatever Unpack gradient is registered: the gradient
 * of `unstack(x)[0]` for x of shape [1, 3]. Returns the error message, or undefined when it works.
 */
export function probeUnpackGradient(tf: TfCore): string | undefined {
  try {
    tf.tidy(() => {
      const x = tf.ones([1, 3]);
      tf.grad((input: import('@tensorflow/tfjs-core').Tensor) => tf.sum(tf.unstack(input)[0]!))(x).dataSync();
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
