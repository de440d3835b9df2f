import type { UpstreamFinding } from './runtime.js';

/** What tfjs does upstream that the results of its runtimes (Node and the browser) depend on, pinned to the versions it was found in. */
export const TFJS_FINDINGS: readonly UpstreamFinding[] = [
  {
    markdown:
      '**tensorflow/tfjs#8255**: a stacked LSTM with one time step cannot train in tfjs 4.22 (the Unpack gradient receives a bare tensor). tfjs-repro patches that gradient in one module, with a canary test that fails once upstream no longer needs it.',
  },
  {
    markdown:
      '**Adadelta differs from Keras**: tfjs 4.22 divides by the *old* squared-gradient accumulator, Keras and TensorFlow by the updated one, so with lr 1.0 its first step is a full gradient step. No upstream issue was found.',
    evidence: 'adadelta-comparison',
  },
];
