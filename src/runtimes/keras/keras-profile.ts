import type { RuntimeProfile } from '../shared/runtime.js';
import type { BackendName } from '../../tfjs/backend-names.js';

/** Keras 3's backends, as `--backend` names them in the keras runtime. */
export const KERAS_BACKENDS: readonly BackendName[] = ['tensorflow', 'jax', 'torch'];

/** The keras runtime as `--help` names it: a leaf, apart from its environment's paths and checks. */
export const kerasProfile: RuntimeProfile = {
  name: 'keras',
  summary: 'a fresh Python process running Keras 3 on tensorflow, jax or torch (the seed experiment; `tfjs-repro setup keras`)',
  backends: KERAS_BACKENDS,
};
