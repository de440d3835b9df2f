import { describe, expect, it } from 'vitest';
import { diagnoseDrift } from '../../../src/diagnosis/diagnose-drift.js';

const first = { series: 'batch-loss' as const, epoch: 3, batch: 1, a: 1, b: 1, aBits: '3f800000', bBits: '3f800001', ulp: 1, abs: 1e-7, rel: 1e-7 };

describe('diagnoseDrift: why a golden drifted, from its provenance changes', () => {
  it('a package, Node or browser version is `version`, first where the numbers moved', () => {
    expect(diagnoseDrift(['@tensorflow/tfjs-backend-wasm: 4.22.0 → 4.23.0', 'env TF_X: a → b'], first)).toMatchObject({
      cause: 'version',
      origin: { epoch: 3, batch: 1 },
      evidence: '@tensorflow/tfjs-backend-wasm: 4.22.0 → 4.23.0 changes the numbers first at epoch 3 batch 1',
    });
    expect(diagnoseDrift(['nodeMajor: 20 → 22'], first).cause).toBe('version');
  });

  it('a recorded environment variable alone is environment:<VAR>; the CPU or nothing recorded is unknown, saying which', () => {
    expect(diagnoseDrift(['env TF_ENABLE_ONEDNN_OPTS: 0 → 1'], first)).toMatchObject({ cause: 'environment:TF_ENABLE_ONEDNN_OPTS' });
    expect(diagnoseDrift(['cpu: avx2 → avx512f'], first).evidence).toMatch(/^the CPU's vector extensions changed \(avx2 → avx512f\)/);
    expect(diagnoseDrift([], undefined)).toMatchObject({ cause: 'unknown', origin: { epoch: 1, batch: 1 } });
  });
});
