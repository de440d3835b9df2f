import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';
import { planSweep, type SweepSpec } from '../../../src/sweep/sweep-points.js';
import { parseShard, pointCost, shardPoints } from '../../../src/sweep/shard.js';

const base = resolveScenarioConfig({ samples: 40, batchSize: 10, epochs: 2 });
const spec = (draw: SweepSpec['draw'], backends: ('cpu' | 'wasm')[] = ['wasm']): SweepSpec => ({
  scenarios: [base],
  draw,
  plan: [{ runtime: 'node', backends }],
  expectedFor: () => ({}),
});

describe('the points of a sweep', () => {
  it('a grid is seeds × batch sizes × backends, sorted by id, every applicable claim at each', () => {
    const { points, sweepId } = planSweep(spec({ kind: 'grid', seeds: [0, 1, 4294967295], batchSizes: [10, 20] }, ['cpu', 'wasm']));
    expect(points).toHaveLength(12);
    expect(points[0]!.id).toBe('stateful-lstm-sine/node/cpu/seed=0/batch=10');
    expect(points.map((p) => p.id)).toEqual([...points.map((p) => p.id)].sort());
    expect(points[0]!.claims).toEqual([
      'rerun',
      'rerun-native-random',
      'loop-equals-single',
      'reset-matters',
      'callback-equals-loop',
      'seed-matters',
      'env-invariance',
    ]);
    expect(sweepId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('with --tfjs, every point once per release: the release matrix shards over CI jobs like any sweep, and another release set is another sweep', async () => {
    const releases = planSweep({ ...spec({ kind: 'grid', seeds: [1, 2], batchSizes: [10] }), tfjs: ['4.10.0', '4.22.0'] });
    expect(releases.points.map((p) => `${p.id} ${p.tfjs}`)).toEqual([
      'stateful-lstm-sine/node/wasm/seed=1/batch=10/tfjs=4.10.0 4.10.0',
      'stateful-lstm-sine/node/wasm/seed=1/batch=10/tfjs=4.22.0 4.22.0',
      'stateful-lstm-sine/node/wasm/seed=2/batch=10/tfjs=4.10.0 4.10.0',
      'stateful-lstm-sine/node/wasm/seed=2/batch=10/tfjs=4.22.0 4.22.0',
    ]);
    const shards = [1, 2].map((i) => shardPoints(releases.points, { index: i, count: 2 }).map((p) => p.id));
    expect(shards.flat().sort()).toEqual(releases.points.map((p) => p.id));
    expect(planSweep({ ...spec({ kind: 'grid', seeds: [1, 2], batchSizes: [10] }), tfjs: ['4.10.0'] }).sweepId).not.toBe(releases.sweepId);
  });

  it('a drawn sample is the same for the same draw seed, always holds seeds 0 and 2^32−1, and only batch sizes that divide the samples', () => {
    const a = planSweep(spec({ kind: 'sample', count: 20, drawSeed: 7 }));
    const b = planSweep(spec({ kind: 'sample', count: 20, drawSeed: 7 }));
    const c = planSweep(spec({ kind: 'sample', count: 20, drawSeed: 8 }));
    expect(a).toEqual(b);
    // N points, all distinct (fast-check alone draws repeats).
    expect(a.points).toHaveLength(20);
    expect(c.sweepId).not.toBe(a.sweepId);
    expect(a.points.map((p) => p.scenario.seed)).toEqual(expect.arrayContaining([0, 4294967295]));
    for (const p of a.points) expect(40 % p.scenario.batchSize).toBe(0);
  });

  it('refuses a batch size that does not divide the samples, naming the point, with every problem at once', () => {
    expect(() => planSweep(spec({ kind: 'grid', seeds: [1, 2], batchSizes: [10, 15] }))).toThrow(
      /stateful-lstm-sine seed 1 batch 15: --batch-sizes: expected a divisor of samples \(40\)[^]*stateful-lstm-sine seed 2 batch 15/,
    );
  });
});

describe('shards', () => {
  it('--shard is i/n with 1 ≤ i ≤ n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard: expected i\/n with 1 ≤ i ≤ n/);
  });

  it('partition the points: every point in exactly one shard, the same split every time, loads within one point of each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.subarray([0, 1, 2, 3, 5, 8, 13, 21], { minLength: 1 }), (count, seeds) => {
        const { points } = planSweep(spec({ kind: 'grid', seeds, batchSizes: [10, 20, 40] }, ['cpu', 'wasm']));
        const shards = Array.from({ length: count }, (_, i) => shardPoints(points, { index: i + 1, count }));
        expect(
          shards
            .flat()
            .map((p) => p.id)
            .sort(),
        ).toEqual(points.map((p) => p.id));
        expect(shardPoints(points, { index: 1, count })).toEqual(shards[0]);
        const loads = shards.map((s) => s.reduce((sum, p) => sum + pointCost(p), 0));
        const largest = Math.max(...points.map(pointCost));
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(largest);
      }),
      { numRuns: 50 },
    );
  });
});
