import { describe, expect, it } from 'vitest';
import { compareTrajectories } from '../../../src/compare/compare-trajectories.js';
import { parseTolerance } from '../../../src/compare/tolerance.js';
import { makeTrajectory, nextFloat32Up } from '../../helpers/make-trajectory.js';

const base = (epoch: number, batch: number): number => 1 / (epoch * 10 + batch + 1);

describe('compareTrajectories', () => {
  it('calls a trajectory identical to itself, counting every loss and digest', () => {
    const t = makeTrajectory({ epochs: 3, batchesPerEpoch: 4 });
    expect(compareTrajectories(t, t)).toEqual({ kind: 'identical', points: 3 * (4 + 1 + 1) });
  });

  it('names the first divergent epoch and batch with both values, their hex and their ULP distance', () => {
    const a = makeTrajectory({ epochs: 3, batchesPerEpoch: 4 });
    const b = makeTrajectory({
      epochs: 3,
      batchesPerEpoch: 4,
      loss: (epoch, batch) => (epoch === 2 && batch === 3 ? nextFloat32Up(base(epoch, batch)) : base(epoch, batch)),
    });
    const result = compareTrajectories(a, b);
    expect(result.kind).toBe('different');
    if (result.kind !== 'different') return;
    expect(result.first).toMatchObject({ series: 'batch-loss', epoch: 2, batch: 3, ulp: 1 });
    expect(result.first.aBits).toBe(a.batches[4 + 2]!.lossBits);
    expect(result.first.bBits).toBe(b.batches[4 + 2]!.lossBits);
    expect(result.count).toBe(1);
    expect(result.max.ulp).toBe(1);
  });

  it('accepts a 1-ULP difference under ulp:1 and rejects it under ulp:0', () => {
    const a = makeTrajectory();
    const b = makeTrajectory({ loss: (e, bt) => nextFloat32Up(base(e, bt)) });
    expect(compareTrajectories(a, b, parseTolerance('ulp:1')).kind).toBe('within-tolerance');
    expect(compareTrajectories(a, b, parseTolerance('ulp:0')).kind).toBe('different');
  });

  it('applies abs and rel tolerances to the decoded float32 values', () => {
    const a = makeTrajectory({ loss: () => 1 });
    const b = makeTrajectory({ loss: () => 1.5 });
    expect(compareTrajectories(a, b, parseTolerance('abs:0.5')).kind).toBe('within-tolerance');
    expect(compareTrajectories(a, b, parseTolerance('abs:0.49')).kind).toBe('different');
    expect(compareTrajectories(a, b, parseTolerance('rel:0.34')).kind).toBe('within-tolerance');
    expect(compareTrajectories(a, b, parseTolerance('rel:0.33')).kind).toBe('different');
  });

  it('reports equal losses with different weights as a weights divergence in exact mode only', () => {
    const a = makeTrajectory();
    const b = makeTrajectory({ digest: (epoch) => (epoch === 3 ? 'ffffffffffffffff' : epoch.toString(16).padStart(16, '0')) });
    const exact = compareTrajectories(a, b);
    expect(exact).toMatchObject({ kind: 'different', first: { series: 'weights', epoch: 3 } });
    expect(compareTrajectories(a, b, parseTolerance('ulp:0')).kind).toBe('identical');
  });

  it('compares NaN by bit pattern: the same NaN is identical, another NaN differs', () => {
    const a = makeTrajectory({ loss: () => Number.NaN });
    expect(compareTrajectories(a, a).kind).toBe('identical');
    const b = makeTrajectory({ loss: () => 1 });
    const result = compareTrajectories(a, b, parseTolerance('ulp:1000'));
    expect(result).toMatchObject({ kind: 'different', first: { ulp: Infinity } });
  });

  it('refuses to compare runs of different lengths', () => {
    expect(compareTrajectories(makeTrajectory({ epochs: 2 }), makeTrajectory({ epochs: 3 }))).toMatchObject({ kind: 'incomparable' });
  });
});

describe('parseTolerance', () => {
  it.each(['exact', 'ulp:0', 'ulp:4', 'abs:1e-6', 'rel:0'])('accepts %s', (text) => {
    expect(() => parseTolerance(text)).not.toThrow();
  });

  it.each(['', 'ulp', 'ulp:-1', 'ulp:1.5', 'abs:x', 'rel:-1', 'abs:Infinity', 'bits:3'])('rejects %j naming the option and the forms allowed', (text) => {
    expect(() => parseTolerance(text)).toThrow(/--tolerance: expected one of exact, ulp:N/);
  });
});
