import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashValues, traceKernels } from '../../../src/train/kernel-trace.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tiny compiled model, seeded: Dense(3, relu) → Dense(1), sgd. */
function tinyModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ name: 'hidden', inputShape: [2], units: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ name: 'output', units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  model.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(0.1) });
  return model;
}

async function fitTraced(upTo: { epoch: number; batch: number }) {
  const model = tinyModel();
  const x = tf.tensor2d([0, 1, 1, 0, 1, 1, 0, 0], [4, 2]);
  const y = tf.tensor2d([1, 1, 0, 0], [4, 1]);
  const tracer = traceKernels(tf.engine(), model, upTo);
  let batches = 0;
  await model.fit(x, y, {
    epochs: 3,
    batchSize: 2,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => tracer.beginEpoch(),
      onBatchEnd: async () => {
        batches += 1;
        if (tracer.done) model.stopTraining = true;
      },
    },
  });
  const trace = tracer.finish();
  return { model, trace, batches, x, y };
}

describe('traceKernels: every kernel of the training steps, in the real tfjs engine (cpu, in process)', () => {
  it('records forward, backward and optimizer kernels with their layers, up to the batch asked, and says when it is done', async () => {
    const { trace, batches } = await fitTraced({ epoch: 2, batch: 1 });
    expect(batches).toBe(3);
    const last = trace.entries.at(-1)!;
    expect([last.epoch, last.batch]).toEqual([2, 1]);
    const phases = new Set(trace.entries.map((e) => `${e.phase}:${e.layer ?? '-'}`));
    for (const seen of ['forward:hidden', 'forward:output', 'backward:hidden', 'backward:output', 'optimizer:-']) expect(phases).toContain(seen);
    expect(trace.entries.find((e) => e.phase === 'forward' && e.layer === 'hidden' && e.kernel === 'Relu')).toBeDefined();
    // Occurrences count per batch and kernel.
    const firstBatch = trace.entries.filter((e) => e.epoch === 1 && e.batch === 1 && e.kernel === 'Relu');
    expect(firstBatch.map((e) => e.occurrence)).toEqual(firstBatch.map((_, i) => i + 1));
    expect(trace.truncated).toBeUndefined();
  });

  it('the same training traced twice gives the same trace, hash for hash', async () => {
    const [a, b] = [await fitTraced({ epoch: 1, batch: 2 }), await fitTraced({ epoch: 1, batch: 2 })];
    expect(a.trace.entries.length).toBeGreaterThan(20);
    expect(b.trace).toEqual(a.trace);
  });

  it('finish puts the engine, optimizer, layers and model back: no own method is left, and later kernels are not recorded', async () => {
    const { model, trace, x, y } = await fitTraced({ epoch: 1, batch: 1 });
    const engine = tf.engine() as unknown as Record<string, unknown>;
    expect(Object.hasOwn(engine, 'runKernelFunc')).toBe(false);
    expect(Object.hasOwn(engine, 'makeTensor')).toBe(false);
    expect(Object.hasOwn(model.optimizer, 'minimize')).toBe(false);
    expect(model.layers.some((layer) => Object.hasOwn(layer, 'call'))).toBe(false);
    const count = trace.entries.length;
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    expect(trace.entries.length).toBe(count);
  });
});

describe('hashValues', () => {
  it('is order-sensitive and bit-exact: swapped values, one ULP, -0 vs 0 and another length all change it', () => {
    const base = hashValues(new Float32Array([1, 2, 3]));
    expect(hashValues(new Float32Array([1, 2, 3]))).toBe(base);
    expect(hashValues(new Float32Array([2, 1, 3]))).not.toBe(base);
    expect(hashValues(new Float32Array([1, 2, 3 + 2 ** -22]))).not.toBe(base);
    expect(hashValues(new Float32Array([1, 2, 3, 0]))).not.toBe(base);
    expect(hashValues(new Float32Array([0]))).not.toBe(hashValues(new Float32Array([-0])));
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads a byte array at any offset (a bool tensor) and its tail bytes', () => {
    const bytes = new Uint8Array([9, 1, 0, 1, 1, 0]);
    expect(hashValues(bytes.subarray(1))).toBe(hashValues(new Uint8Array([1, 0, 1, 1, 0])));
    expect(hashValues(bytes.subarray(1))).not.toBe(hashValues(new Uint8Array([1, 0, 1, 1, 1])));
  });
});
