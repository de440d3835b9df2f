import { describe, expect, it } from 'vitest';
import { expectedVerdict, meetsExpectation, parseExpectationKey } from '../../../src/invariants/expectations.js';
import { judgeMatchesKeras, KERAS_BOUND } from '../../../src/runtimes/keras/matches-keras.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

describe('scoped expectations (claim, claim@runtime, claim@runtime/backend)', () => {
  const expected = {
    'threads-invariance@node/tensorflow': 'violated',
    'reset-matters@keras/jax': 'violated',
    'seed-matters@keras': 'violated',
    'seed-matters@keras/torch': 'holds',
    'env-invariance': 'violated',
  } as const;

  it('the narrowest key that names the run wins; an unscoped key applies everywhere', () => {
    expect(expectedVerdict(expected, 'threads-invariance', { runtime: 'node', backend: 'tensorflow' })).toBe('violated');
    expect(expectedVerdict(expected, 'threads-invariance', { runtime: 'keras', backend: 'tensorflow' })).toBe('holds');
    expect(expectedVerdict(expected, 'reset-matters', { runtime: 'keras', backend: 'jax' })).toBe('violated');
    expect(expectedVerdict(expected, 'reset-matters', { runtime: 'keras', backend: 'torch' })).toBe('holds');
    expect(expectedVerdict(expected, 'seed-matters', { runtime: 'keras', backend: 'jax' })).toBe('violated');
    expect(expectedVerdict(expected, 'seed-matters', { runtime: 'keras', backend: 'torch' })).toBe('holds');
    expect(expectedVerdict(expected, 'env-invariance', { runtime: 'chromium', backend: 'wasm' })).toBe('violated');
    // Without a place (cross-runtime claims), only unscoped keys count.
    expect(expectedVerdict(expected, 'reset-matters')).toBe('holds');
    expect(meetsExpectation('violated', 'reset-matters', expected, { runtime: 'keras', backend: 'jax' })).toBe(true);
    expect(meetsExpectation('violated', 'reset-matters', expected, { runtime: 'node', backend: 'jax' })).toBe(false);
    expect(meetsExpectation('inconclusive', 'reset-matters', expected, { runtime: 'keras', backend: 'jax' })).toBe(false);
  });

  it('keys split into claim, runtime and backend', () => {
    expect(parseExpectationKey('rerun')).toEqual({ claim: 'rerun' });
    expect(parseExpectationKey('rerun@keras')).toEqual({ claim: 'rerun', runtime: 'keras' });
    expect(parseExpectationKey('rerun@keras/jax')).toEqual({ claim: 'rerun', runtime: 'keras', backend: 'jax' });
  });
});

describe('matches-keras', () => {
  const tfjs = makeTrajectory({ epochs: 4 });
  const scaled = (factor: number, fromEpoch: number) =>
    makeTrajectory({ epochs: 4, loss: (epoch, batch) => (1 / (epoch * 10 + batch + 1)) * (epoch >= fromEpoch ? factor : 1) });

  it(`holds within a relative ${KERAS_BOUND} at every epoch, and names the first epoch beyond it`, () => {
    const inside = judgeMatchesKeras('node/wasm', tfjs, scaled(1 + KERAS_BOUND / 2, 2));
    expect(inside).toMatchObject({ claim: 'matches-keras', a: 'node/wasm', kind: 'holds' });
    expect(inside.relPerEpoch).toHaveLength(4);
    expect(inside.evidence).toMatch(/^within relative 0\.0001: epoch 1 0\.00e\+0, last 5\.0\de-5/);
    const outside = judgeMatchesKeras('node/wasm', tfjs, scaled(1 + 3 * KERAS_BOUND, 3));
    expect(outside).toMatchObject({ kind: 'violated' });
    expect(outside.evidence).toMatch(/^beyond 0\.0001 from epoch 3; relative epoch 1 0\.00e\+0, last 3\.0\de-4, max 3\.0\de-4 \(epoch 4\)/);
  });
});
