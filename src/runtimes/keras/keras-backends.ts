import type { BackendName } from '../../tfjs/backend-names.js';

/** Keras 3's backends, as `--backend` names them in the keras runtime: a leaf, for the profile and the set-up alike. */
export const KERAS_BACKENDS: readonly BackendName[] = ['tensorflow', 'jax', 'torch'];
