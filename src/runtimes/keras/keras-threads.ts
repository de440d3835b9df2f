import type { ThreadVariation } from '../../invariants/thread-variations.js';
import type { BackendName } from '../../tfjs/backend-names.js';
import { tensorflowThreadVariations } from '../shared/tensorflow-threads.js';

/**
 * The thread knobs of each Keras backend's CPU execution, at 1 in tfjs-repro's Python children
 * (spawn-keras-run.ts): PyTorch's intra-op pool, sized by OMP_NUM_THREADS at start-up; XLA's
 * Eigen pool under JAX, by XLA_FLAGS; TensorFlow's, as in tfjs-node.
 */
export function kerasThreadVariations(backend: BackendName, cores: number): readonly ThreadVariation[] {
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
  return backend === 'tensorflow' ? tensorflowThreadVariations(cores) : [];
}
