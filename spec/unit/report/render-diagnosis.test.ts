import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../../src/diagnosis/diagnose.js';
import { renderWhyLines, whereItBegins } from '../../../src/report/render-diagnosis.js';

describe('whereItBegins: where a diagnosis begins, in words', () => {
  const d = (origin: Diagnosis['origin']): Diagnosis => ({ cause: 'unknown', origin, evidence: '', fix: '' });
  it('before training with the tensor, a batch, or a batch with the kernel, its layer and its phase', () => {
    expect(whereItBegins(d({ epoch: 0, batch: 0, phase: 'initial-weights', tensor: 'lstm_1/kernel' }))).toBe('before training (lstm_1/kernel)');
    expect(whereItBegins(d({ epoch: 2, batch: 1, phase: 'data' }))).toBe('from epoch 2 batch 1');
    expect(whereItBegins(d({ epoch: 1, batch: 1, phase: 'forward', kernel: 'Relu', layer: 'hidden' }))).toBe(
      'from epoch 1 batch 1, in Relu of layer hidden (forward)',
    );
    expect(whereItBegins(d({ epoch: 1, batch: 1, phase: 'optimizer', kernel: 'Multiply' }))).toBe('from epoch 1 batch 1, in Multiply (optimizer)');
  });
});

describe('renderWhyLines: the one wording of a diagnosis under a failure', () => {
  it('says why, the cause, where it begins and the evidence, then the fix', () => {
    const d: Diagnosis = {
      cause: 'data-order',
      origin: { epoch: 2, batch: 1, phase: 'data' },
      evidence: 'batch 1 of epoch 2 holds other samples',
      fix: 'pass shuffle: false to fit',
    };
    expect(renderWhyLines('loop-equals-single is violated on wasm', d)).toEqual([
      'why loop-equals-single is violated on wasm: data-order, from epoch 2 batch 1: batch 1 of epoch 2 holds other samples.',
      '  fix: pass shuffle: false to fit.',
    ]);
  });
});
