import { describe, expect, it } from 'vitest';
import { diagnoseKernels, type TracedRun } from '../../../src/diagnosis/diagnose-kernels.js';
import type { Diagnosis } from '../../../src/diagnosis/diagnose.js';
import type { KernelTraceEntry } from '../../../src/trajectory/kernel-trace.js';

const unknown: Diagnosis = { cause: 'unknown', origin: { epoch: 1, batch: 2 }, evidence: 'the losses part at epoch 1 batch 2', fix: 'compare them' };
const knob: Diagnosis = {
  cause: 'threads:TF_ENABLE_ONEDNN_OPTS',
  origin: { epoch: 1, batch: 1 },
  evidence: 'run alone, oneDNN on changes the numbers',
  fix: 'pin it',
};
const context = { stateful: false, backend: 'cpu' };

const entry = (kernel: string, more: Partial<KernelTraceEntry> = {}): KernelTraceEntry => ({
  epoch: 1,
  batch: 1,
  phase: 'forward',
  kernel,
  occurrence: 1,
  inputs: ['i'],
  outputs: ['o'],
  shapes: [[4, 3]],
  ...more,
});
const run = (entries: KernelTraceEntry[], weights: string[] = ['3f800000']): TracedRun => ({
  initialWeights: [{ name: 'dense/kernel', shape: [weights.length], bits: weights }],
  kernelTrace: { upTo: { epoch: 1, batch: 2 }, entries },
});
const prefix = [entry('MatMul', { inputs: ['w', 'x'], outputs: ['h'] })];
/** Two runs equal up to `a`/`b`, which differ as given. */
const parted = (a: KernelTraceEntry, b: KernelTraceEntry, boundary = unknown, ctx = context) =>
  diagnoseKernels(boundary, run([...prefix, a]), run([...prefix, b]), ctx);

describe('diagnoseKernels: the cause from the first kernel where two replays part', () => {
  it('a tensor made from values in the forward pass (a random op without a seed): random-op at that kernel and layer', () => {
    const d = parted(entry('makeTensor', { inputs: [], layer: 'dropout' }), entry('makeTensor', { inputs: [], outputs: ['o2'], layer: 'dropout' }));
    expect(d).toMatchObject({
      cause: 'random-op',
      origin: { epoch: 1, batch: 1, phase: 'forward', kernel: 'makeTensor', layer: 'dropout', tensor: 'output 0 [4×3]' },
    });
  });

  it('a random kernel with equal inputs and other outputs: random-op', () => {
    expect(parted(entry('RandomStandardNormal'), entry('RandomStandardNormal', { outputs: ['o2'] })).cause).toBe('random-op');
  });

  it('a tensor made from values in the optimizer (a learning rate): optimizer', () => {
    const d = parted(entry('makeTensor', { inputs: [], phase: 'optimizer' }), entry('makeTensor', { inputs: [], outputs: ['o2'], phase: 'optimizer' }));
    expect(d).toMatchObject({ cause: 'optimizer', origin: { phase: 'optimizer', kernel: 'makeTensor' } });
  });

  it("an optimizer kernel whose input no traced kernel made differs (the optimizer's own constant): optimizer", () => {
    const d = parted(entry('Multiply', { phase: 'optimizer', inputs: ['c', 'g'] }), entry('Multiply', { phase: 'optimizer', inputs: ['c2', 'g'] }));
    expect(d).toMatchObject({ cause: 'optimizer', origin: { phase: 'optimizer', kernel: 'Multiply', tensor: 'input 0' } });
    expect(d.evidence).toMatch(/with equal gradients$/);
  });

  it('any other kernel with equal inputs and other outputs: nondeterministic-kernel, with the fix naming it', () => {
    const d = parted(entry('Sum', { layer: 'dense' }), entry('Sum', { layer: 'dense', outputs: ['o2'] }));
    expect(d).toMatchObject({ cause: 'nondeterministic-kernel', origin: { kernel: 'Sum', layer: 'dense', phase: 'forward' } });
    expect(d.fix).toMatch(/^run Sum where it is deterministic/);
  });

  it('a forward input made outside the steps that differs: state in a stateful model, unknown (with the kernel) otherwise', () => {
    const a = entry('MatMul', { occurrence: 2, inputs: ['s', 'w'], layer: 'lstm' });
    const b = entry('MatMul', { occurrence: 2, inputs: ['s2', 'w'], layer: 'lstm' });
    expect(parted(a, b, unknown, { stateful: true, backend: 'cpu' })).toMatchObject({ cause: 'state', origin: { phase: 'state', layer: 'lstm' } });
    const stateless = parted(a, b);
    expect(stateless).toMatchObject({ cause: 'unknown', origin: { kernel: 'MatMul', tensor: 'input 0' } });
    expect(stateless.evidence).toMatch(/^the losses part at epoch 1 batch 2; the first kernel that differs is MatMul/);
  });

  it('a knob keeps its cause and gains its first kernel; one that changes the initial weights begins before training', () => {
    const d = parted(entry('Sum'), entry('Sum', { outputs: ['o2'] }), knob);
    expect(d).toMatchObject({ cause: knob.cause, fix: knob.fix, origin: { kernel: 'Sum', epoch: 1, batch: 1 } });
    expect(d.evidence).toMatch(/; the first kernel whose output changes with it: Sum/);
    const weights = diagnoseKernels(knob, run(prefix, ['3f800000']), run(prefix, ['3f800002']), context);
    expect(weights).toMatchObject({ cause: knob.cause, origin: { epoch: 0, batch: 0, phase: 'initial-weights', tensor: 'dense/kernel', ulps: 2 } });
  });

  it('replays that agree, part in control flow, or stop at the size limit: the boundary diagnosis stays, saying so', () => {
    expect(diagnoseKernels(unknown, run(prefix), run(prefix), context)).toMatchObject({ cause: 'unknown', evidence: /did not recur on replay$/ });
    const flow = parted(entry('Relu'), entry('Sigmoid'));
    expect(flow).toMatchObject({ cause: 'unknown', evidence: /part in control flow: one runs 1:1:Relu#1 where the other runs 1:1:Sigmoid#1$/ });
    const cut = { ...run(prefix), kernelTrace: { upTo: { epoch: 1, batch: 2 }, entries: prefix, truncated: true as const } };
    expect(diagnoseKernels(unknown, cut, run(prefix), context).evidence).toMatch(/cut at its size limit/);
  });
});
