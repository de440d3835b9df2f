import { describe, expect, it } from 'vitest';
import { diagnoseDrift } from '../../../src/diagnosis/diagnose-drift.js';

const pkg = (name: string, from: string, to: string) => ({ kind: 'package' as const, name, from, to });
const first = { series: 'batch-loss' as const, epoch: 3, batch: 1, a: 1, b: 1, aBits: '3f800000', bBits: '3f800001', ulp: 1, abs: 1e-7, rel: 1e-7 };

describe('diagnoseDrift: why a golden drifted, from its provenance changes', () => {
  it('a package, Node or browser version is `version`, first where the numbers moved', () => {
    expect(diagnoseDrift([pkg('@tensorflow/tfjs-backend-wasm', '4.22.0', '4.23.0'), { kind: 'env', name: 'TF_X', from: 'a', to: 'b' }], first)).toMatchObject({
      cause: 'version',
      origin: { epoch: 3, batch: 1 },
      evidence: '@tensorflow/tfjs-backend-wasm: 4.22.0 → 4.23.0 changes the numbers first at epoch 3 batch 1',
    });
    expect(diagnoseDrift([{ kind: 'node-version', name: 'nodeMajor', from: '20', to: '22' }], first).cause).toBe('version');
  });

  it('a recorded environment variable alone is environment:<VAR>; the CPU or nothing recorded is unknown, saying which', () => {
    expect(diagnoseDrift([{ kind: 'env', name: 'TF_ENABLE_ONEDNN_OPTS', from: '0', to: '1' }], first)).toMatchObject({
      cause: 'environment:TF_ENABLE_ONEDNN_OPTS',
    });
    expect(diagnoseDrift([{ kind: 'cpu-isa', name: 'cpuIsa', from: 'avx2', to: 'avx512f' }], first).evidence).toMatch(
      /^the CPU's vector extensions changed \(avx2 → avx512f\)/,
    );
    expect(diagnoseDrift([], undefined)).toMatchObject({ cause: 'unknown', origin: { epoch: 1, batch: 1 } });
  });

  it('another device (a WebGPU adapter) is `device`, naming both adapters, with the fix for one golden per device', () => {
    const d = diagnoseDrift([{ kind: 'device', name: 'WebGPU adapter', from: 'google swiftshader', to: 'nvidia ampere' }], first);
    expect(d).toMatchObject({
      cause: 'device',
      evidence: 'WebGPU adapter: google swiftshader → nvidia ampere changes the numbers first at epoch 3 batch 1',
    });
    expect(d.fix).toMatch(/one device's numbers: check it where its device is, or record this device's numbers in a golden folder of its own/);
    // A version change is named first: it is what a gate exists to judge.
    expect(diagnoseDrift([pkg('@tensorflow/tfjs-core', '4.22.0', '4.23.0'), { kind: 'device', name: 'WebGPU adapter', from: 'a', to: 'b' }], first).cause).toBe(
      'version',
    );
  });

  it("with the golden's first-step kernel trace against today's: the first kernel whose output changed, in the version's sentence", () => {
    const entry = {
      epoch: 1,
      batch: 1,
      phase: 'forward' as const,
      kernel: 'MatMul',
      occurrence: 2,
      layer: 'lstm_1',
      inputs: ['a'],
      outputs: ['b'],
      shapes: [[10, 40]],
    };
    const d = diagnoseDrift([pkg('@tensorflow/tfjs-core', '4.22.0', '4.23.0')], first, { kind: 'origin', entry, output: 0 });
    expect(d).toMatchObject({
      cause: 'version',
      origin: { epoch: 1, batch: 1, phase: 'forward', kernel: 'MatMul', layer: 'lstm_1', tensor: 'output 0 [10×40]' },
    });
    expect(d.evidence).toBe(
      '@tensorflow/tfjs-core: 4.22.0 → 4.23.0 changes the output of MatMul in lstm_1 first (its inputs unchanged), at epoch 1 batch 1, and the numbers first at epoch 3 batch 1',
    );
    expect(diagnoseDrift([], first, { kind: 'origin', entry, output: 0 }).evidence).toMatch(
      /; in the first training step, what changed is the output of MatMul in lstm_1 first/,
    );
    const later = diagnoseDrift([pkg('@tensorflow/tfjs-core', '4.22.0', '4.23.0')], first, { kind: 'none', entries: 545 });
    expect(later).toMatchObject({ origin: { epoch: 3, batch: 1 } });
    expect(later.evidence).toMatch(/every kernel of the first training step \(545\) still gives the golden's outputs: the change begins later$/);
  });
});
