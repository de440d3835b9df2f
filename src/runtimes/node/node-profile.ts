import type { RuntimeProfile } from '../shared/runtime.js';

/** The node runtime as `--help` names it: a leaf, so that the help loads no runtime. */
export const nodeProfile: RuntimeProfile = {
  name: 'node',
  summary: 'a fresh Node process per run',
  backends: ['cpu', 'wasm', 'tensorflow'],
};
