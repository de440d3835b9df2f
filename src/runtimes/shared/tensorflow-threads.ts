import type { ThreadVariation } from '../../invariants/thread-variations.js';

/**
 * The knobs of libtensorflow's CPU execution, in tfjs-node (node runtime) and under Keras on
 * TensorFlow (keras runtime) alike, each set away from the children's defaults (1 intra-op and 1
 * inter-op thread, oneDNN off: src/run/child-env.ts). Measured on tensorflow-cpu 2.18.1:
 * TF_NUM_INTRAOP_THREADS and TF_NUM_INTEROP_THREADS are read (the process has 13 threads at 1/1
 * and 21 at 8); OMP_NUM_THREADS is not; TF_ENABLE_ONEDNN_OPTS=1 changes the numbers of the seed
 * model from its first epoch.
 */
export function tensorflowThreadVariations(cores: number): readonly ThreadVariation[] {
  return [
    {
      name: 'intra-op-threads',
      description: `TF_NUM_INTRAOP_THREADS=${cores} (the machine's cores)`,
      options: { env: { TF_NUM_INTRAOP_THREADS: String(cores) } },
      remedy: 'TF_NUM_INTRAOP_THREADS=1',
    },
    {
      name: 'inter-op-threads',
      description: `TF_NUM_INTEROP_THREADS=${cores} (the machine's cores)`,
      options: { env: { TF_NUM_INTEROP_THREADS: String(cores) } },
      remedy: 'TF_NUM_INTEROP_THREADS=1',
    },
    { name: 'onednn', description: 'oneDNN on (TF_ENABLE_ONEDNN_OPTS=1)', options: { env: { TF_ENABLE_ONEDNN_OPTS: '1' } }, remedy: 'TF_ENABLE_ONEDNN_OPTS=0' },
  ];
}
