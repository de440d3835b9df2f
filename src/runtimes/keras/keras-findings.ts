import type { UpstreamFinding } from '../shared/runtime.js';

/** What Keras does upstream that the keras runtime's results depend on, pinned to the versions it was found in. */
export const KERAS_FINDINGS: readonly UpstreamFinding[] = [
  {
    markdown:
      "**keras-team/keras#23462** (and #20875): Keras 3.15.1 on torch cannot train a stateful LSTM with a custom activation through its fallback LSTM (a state tensor that backward needs is modified in place). tfjs-repro's Keras child passes `use_cudnn=False` on torch, which takes Keras's generic loop; a canary test fails once Keras no longer needs it.",
  },
  {
    markdown:
      '**Keras 3.15.1 on JAX keeps no LSTM state in `fit`**: the states of a stateful layer stay zero through `fit` and `predict`, so `reset_state()` changes nothing and the model trains as a stateless one (reset-matters is violated, and matches-reference is far off). No upstream issue was found.',
  },
];
