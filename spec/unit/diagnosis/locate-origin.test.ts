import { describe, expect, it } from 'vitest';
import { locateOrigin } from '../../../src/diagnosis/locate-origin.js';
import type { KernelTrace, KernelTraceEntry } from '../../../src/trajectory/kernel-trace.js';

const entry = (kernel: string, occurrence: number, inputs: string[], outputs: string[], more: Partial<KernelTraceEntry> = {}): KernelTraceEntry => ({
  epoch: 1,
  batch: 1,
  phase: 'forward',
  kernel,
  occurrence,
  inputs,
  outputs,
  shapes: outputs.map(() => [2, 2]),
  ...more,
});
const trace = (...entries: KernelTraceEntry[]): KernelTrace => ({ upTo: { epoch: 1, batch: 1 }, entries });

describe('locateOrigin: where two kernel traces first part', () => {
  const base = [entry('MatMul', 1, ['w', 'x'], ['h']), entry('Relu', 1, ['h'], ['r']), entry('Sum', 1, ['r'], ['s'])];

  it('equal traces: none, with the number of kernels compared', () => {
    expect(locateOrigin(trace(...base), trace(...base))).toEqual({ kind: 'none', entries: 3 });
  });

  it('equal inputs and other outputs: the origin; the receivers after it are not reached', () => {
    const other = [base[0]!, entry('Relu', 1, ['h'], ['r2']), entry('Sum', 1, ['r2'], ['s2'])];
    expect(locateOrigin(trace(...base), trace(...other))).toEqual({ kind: 'origin', entry: base[1], output: 0 });
  });

  it('an input no traced kernel made differs first (a weight, a state, an optimizer constant): input, with its index', () => {
    const other = [entry('MatMul', 1, ['w', 'x2'], ['h2']), ...base.slice(1)];
    expect(locateOrigin(trace(...base), trace(...other))).toEqual({ kind: 'input', entry: base[0], input: 1 });
  });

  it('a kernel in one trace where the other runs another: control flow, with both', () => {
    const other = [base[0]!, entry('Sigmoid', 1, ['h'], ['r']), base[2]!];
    expect(locateOrigin(trace(...base), trace(...other))).toEqual({ kind: 'control-flow', a: base[1], b: other[1] });
  });

  it('one trace runs more kernels than the other: control flow at the first extra one', () => {
    expect(locateOrigin(trace(...base), trace(...base.slice(0, 2)))).toEqual({ kind: 'control-flow', a: base[2], b: undefined });
    expect(locateOrigin(trace(...base.slice(0, 2)), trace(...base))).toEqual({ kind: 'control-flow', a: undefined, b: base[2] });
  });

  it('occurrences and batches are part of the id: the same kernel in another batch is another kernel', () => {
    const later = entry('Relu', 1, ['h'], ['r'], { batch: 2 });
    expect(locateOrigin(trace(...base), trace(base[0]!, later, base[2]!)).kind).toBe('control-flow');
  });
});
