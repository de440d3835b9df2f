import type { Runtime } from '../shared/runtime.js';
import { TFJS_FINDINGS } from '../shared/tfjs-findings.js';
import { nodeUnavailableReason } from './backends.js';
import { tensorflowThreadVariations } from '../shared/tensorflow-threads.js';
import { nodeProfile } from './node-profile.js';

/** A fresh Node child process per run (spawn-run.ts), training with tfjs (src/train/train.ts). */
export const nodeRuntime: Runtime = {
  ...nodeProfile,
  processWords: 'Node processes',
  tfjs: true,
  unavailableReason: nodeUnavailableReason,
  scenarioUnavailableReason: () => undefined,
  loadSpawner: async () => (await import('./spawn-run.js')).spawnRun,
  cost: { startUp: 300, perSampleEpoch: { wasm: 1, tensorflow: 1.6, cpu: 2.6 } },
  capabilities: {
    // tfjs-node is built by `setup tensorflow` for the pinned release only.
    tfjsReleases: ['cpu', 'wasm'],
    seedsMathRandom: true,
    // tfjs-node's kernels are libtensorflow's, which dispatch on the CPU's vector extensions.
    cpuIsaSensitive: (backend) => backend === 'tensorflow',
    adadeltaComparison: true,
    kernelTrace: true,
  },
  buildOf: () => undefined,
  // cpu and wasm run single-threaded in Node; tfjs-node has libtensorflow's pools.
  threadVariations: (backend, cores) => (backend === 'tensorflow' ? tensorflowThreadVariations(cores) : []),
  upstreamFindings: TFJS_FINDINGS,
  pairings: [],
};
