/**
 * Child entry of `setup tensorflow`: loads @tensorflow/tfjs-node as a run would and trains one
 * batch of a tiny model. Answers over IPC (tfjs-node prints banners on stdout and stderr).
 */
import { createRequire } from 'node:module';
import type { Tf } from '../../../tfjs/tf-types.js';

export interface ProbeAnswer {
  readonly type: 'tfjs-repro/probe-tensorflow';
  readonly ok: boolean;
  /** libtensorflow's own TF_Version(), when the addon loaded. */
  readonly libtensorflow?: string;
  readonly loss?: number;
  readonly error?: string;
}

const require = createRequire(import.meta.url);

async function probe(): Promise<ProbeAnswer> {
  try {
    const tf = require('@tensorflow/tfjs-node') as Tf;
    const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const history = await model.fit(tf.ones([4, 2]), tf.zeros([4, 1]), { epochs: 1, batchSize: 4, verbose: 0 });
    const loss = Number(history.history.loss?.[0]);
    if (tf.getBackend() !== 'tensorflow' || !Number.isFinite(loss)) {
      return { type: 'tfjs-repro/probe-tensorflow', ok: false, error: `trained on ${tf.getBackend()} with loss ${loss}` };
    }
    return { type: 'tfjs-repro/probe-tensorflow', ok: true, libtensorflow: binding?.TF_Version ?? 'unknown', loss };
  } catch (error) {
    return { type: 'tfjs-repro/probe-tensorflow', ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

if (process.send !== undefined) {
  const answer = await probe();
  process.send(answer, () => process.disconnect());
}
