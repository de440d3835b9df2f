import type { Runtime } from '../shared/runtime.js';
import { KERAS_FINDINGS } from './keras-findings.js';
import { kerasThreadVariations } from './keras-threads.js';
import { judgeMatchesKeras, KERAS_BOUND } from './matches-keras.js';
import { KERAS_BACKENDS, kerasScenarioUnavailable, kerasUnavailableReason } from './keras-environment.js';
import { kerasProfile } from './keras-profile.js';

/** A fresh Python process per run (spawn-keras-run.ts) running Keras 3, set up by `tfjs-repro setup keras`. */
export const kerasRuntime: Runtime = {
  ...kerasProfile,
  processWords: 'Python processes (Keras 3)',
  defaultBackends: KERAS_BACKENDS,
  tfjs: false,
  unavailableReason: (backend) => kerasUnavailableReason(backend),
  scenarioUnavailableReason: kerasScenarioUnavailable,
  loadSpawner: async () => (await import('./spawn-keras-run.js')).spawnKerasRun,
  cost: { startUp: 300, perSampleEpoch: { tensorflow: 1.6, jax: 1, torch: 2 } },
  capabilities: {
    tfjsReleases: [],
    // Python's own generators, seeded by keras.utils.set_random_seed: no Math.random to leave native.
    seedsMathRandom: false,
    // Every Keras backend's kernels are native (oneDNN, XLA, ATen) and dispatch on the CPU.
    cpuIsaSensitive: () => true,
    adadeltaComparison: false,
    replays: { of: 'node', backend: 'tensorflow', claim: 'matches-keras', bound: KERAS_BOUND, judge: judgeMatchesKeras },
    kernelTrace: false,
  },
  buildOf: () => undefined,
  threadVariations: kerasThreadVariations,
  upstreamFindings: KERAS_FINDINGS,
  pairings: [],
};
