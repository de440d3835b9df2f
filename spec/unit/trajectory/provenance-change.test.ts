import { describe, expect, it } from 'vitest';
import { renderProvenanceChange } from '../../../src/trajectory/provenance-change.js';

describe('renderProvenanceChange, the one wording of a provenance change', () => {
  it('names the field and both sides, with what a missing side means for its kind', () => {
    expect(
      [
        { kind: 'package' as const, name: '@tensorflow/tfjs-core', from: '4.21.0', to: '4.22.0' },
        { kind: 'package' as const, name: '@tensorflow/tfjs-node', from: '4.22.0' },
        { kind: 'node-version' as const, name: 'nodeMajor', from: '20', to: '22' },
        { kind: 'cpu-isa' as const, name: 'cpuIsa', to: 'avx2' },
        { kind: 'env' as const, name: 'TZ', from: 'UTC' },
      ].map(renderProvenanceChange),
    ).toEqual([
      '@tensorflow/tfjs-core: 4.21.0 → 4.22.0',
      '@tensorflow/tfjs-node: 4.22.0 → (absent)',
      'nodeMajor: 20 → 22',
      'cpuIsa: (not recorded) → avx2',
      'env TZ: UTC → (unset)',
    ]);
  });
});
