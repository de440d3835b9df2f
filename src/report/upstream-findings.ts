import type { RuntimeName } from '../trajectory/runtime-name.js';

/**
 * What upstream does that these results depend on, pinned to the versions it was found in: the
 * report's "Upstream issues" section renders this table, for the runtimes each entry names. Each
 * workaround lives in one module with a canary test; this is what the report tells its reader.
 */
export interface UpstreamFinding {
  readonly runtimes: readonly RuntimeName[];
  /** One Markdown bullet's text (without the bullet). */
  readonly markdown: string;
  /** Numbers from this report's own runs that the bullet goes on with (the Adadelta comparison). */
  readonly evidence?: 'adadelta-comparison';
}

export const UPSTREAM_FINDINGS: readonly UpstreamFinding[] = [
  {
    runtimes: ['keras'],
    markdown:
      "**keras-team/keras#23462** (and #20875): Keras 3.15.1 on torch cannot train a stateful LSTM with a custom activation through its fallback LSTM (a state tensor that backward needs is modified in place). tfjs-repro's Keras child passes `use_cudnn=False` on torch, which takes Keras's generic loop; a canary test fails once Keras no longer needs it.",
  },
  {
    runtimes: ['keras'],
    markdown:
      '**Keras 3.15.1 on JAX keeps no LSTM state in `fit`**: the states of a stateful layer stay zero through `fit` and `predict`, so `reset_state()` changes nothing and the model trains as a stateless one (reset-matters is violated, and matches-reference is far off). No upstream issue was found.',
  },
  {
    runtimes: ['node', 'chromium'],
    markdown:
      '**tensorflow/tfjs#8255**: a stacked LSTM with one time step cannot train in tfjs 4.22 (the Unpack gradient receives a bare tensor). tfjs-repro patches that gradient in one module, with a canary test that fails once upstream no longer needs it.',
  },
  {
    runtimes: ['node', 'chromium'],
    markdown:
      '**Adadelta differs from Keras**: tfjs 4.22 divides by the *old* squared-gradient accumulator, Keras and TensorFlow by the updated one, so with lr 1.0 its first step is a full gradient step. No upstream issue was found.',
    evidence: 'adadelta-comparison',
  },
];
