import { describe, expect, it } from 'vitest';
import { renderEvidence } from '../../../src/invariants/render-evidence.js';

describe('renderEvidence, the one wording of a verdict with what isolation named', () => {
  const evidence = 'differs at epoch 1 weights (digests differ, losses equal); max 15 ULP';

  it('names the variations that change a bit, then those that could not run', () => {
    const isolation = {
      culprits: [{ name: 'onednn', description: 'oneDNN on (TF_ENABLE_ONEDNN_OPTS=1)' }],
      unrun: [{ name: 'inter-op-threads', reason: 'child run crashed' }],
    };
    expect(renderEvidence({ evidence, isolation })).toBe(
      `${evidence}; changed by: onednn (oneDNN on (TF_ENABLE_ONEDNN_OPTS=1)); could not run: inter-op-threads: child run crashed`,
    );
  });

  it('says when no single variation changes the numbers, and leaves a verdict without isolation as it is', () => {
    expect(renderEvidence({ evidence, isolation: { culprits: [], unrun: [] } })).toBe(`${evidence}; no single variation changes it alone (an interaction)`);
    expect(renderEvidence({ evidence })).toBe(evidence);
  });
});
