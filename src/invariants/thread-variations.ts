import os from 'node:os';
import type { BackendName } from '../tfjs/backend-names.js';
import type { EnvVariation } from './env-variations.js';

/**
 * The thread knobs of a backend's CPU execution. PyTorch (keras runtime): its intra-op pool,
 * sized by OMP_NUM_THREADS at start-up; JAX: XLA's Eigen pool, by XLA_FLAGS; both at 1 in
 * tfjs-repro's Python children (src/runtimes/keras/spawn-keras-run.ts). TensorFlow, in tfjs-node and
 * in Keras alike: the knobs of libtensorflow's CPU execution, each set away from the children's defaults
 * (1 intra-op and 1 inter-op thread, oneDNN off: src/run/child-env.ts). Measured on
 * tensorflow-cpu 2.18.1: TF_NUM_INTRAOP_THREADS and TF_NUM_INTEROP_THREADS are read (the process
 * has 13 threads at 1/1 and 21 at 8); OMP_NUM_THREADS is not; TF_ENABLE_ONEDNN_OPTS=1 changes the
 * numbers of the seed model from its first epoch.
 */
export function threadVariations(backend: BackendName = 'tensorflow', cores = os.availableParallelism()): readonly ThreadVariation[] {
  if (backend === 'torch')
    return [
      {
        name: 'torch-threads',
        description: `OMP_NUM_THREADS=${cores} (PyTorch's intra-op pool at the machine's cores)`,
        options: { env: { OMP_NUM_THREADS: String(cores) } },
        remedy: 'OMP_NUM_THREADS=1 (or torch.set_num_threads(1))',
      },
    ];
  if (backend === 'jax')
    return [
      {
        name: 'xla-threads',
        description: `XLA_FLAGS=--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=${cores}`,
        options: { env: { XLA_FLAGS: `--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=${cores}` } },
        remedy: 'XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"',
      },
    ];
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

export interface ThreadVariation extends EnvVariation {
  /** What a user sets, before tfjs-node loads, to keep the numbers of tfjs-repro's children. */
  readonly remedy: string;
}

/** The variations a threads-invariance verdict names as changing a bit (`changed by: onednn (…)`). */
export function threadCulprits(evidence: string, backend: BackendName = 'tensorflow'): readonly ThreadVariation[] {
  const named = /changed by: (.*)$/.exec(evidence)?.[1] ?? '';
  return threadVariations(backend).filter((variation) => named.includes(`${variation.name} (`));
}
