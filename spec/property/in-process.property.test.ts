import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTrajectories } from '../../src/compare/compare-trajectories.js';
import { ReproError } from '../../src/errors.js';
import { MAX_SEED, resolveScenarioConfig } from '../../src/scenario/config.js';
import { deriveSeeds, initializerNames } from '../../src/scenario/seeds.js';
import { generateSineData } from '../../src/scenario/sine-data.js';
import { bitsToHex, float32ToHex, hexToBits, hexToFloat32, isNaNBits, ulpDistance } from '../../src/trajectory/float32.js';
import type { Trajectory } from '../../src/trajectory/trajectory.js';
import { makeTrajectory } from '../helpers/make-trajectory.js';
import { CHEAP_RUNS, PROPERTY_SEED, announceSeed } from '../helpers/property-settings.js';

announceSeed('in-process properties');
const params = { seed: PROPERTY_SEED, numRuns: CHEAP_RUNS };

const bits = fc.oneof(
  fc.nat({ max: 0xffffffff }),
  // the edges: ±0, ±Infinity, NaNs with payloads, subnormals, the largest finite values
  fc.constantFrom(0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffffffff, 0x00000001, 0x807fffff, 0x7f7fffff),
);

/** An independent ULP distance: the number of float32 values strictly between, plus one. */
function referenceUlps(a: number, b: number): number {
  const magnitude = (x: number): bigint => BigInt(x & 0x7fffffff);
  const negative = (x: number): boolean => (x & 0x80000000) !== 0;
  const position = (x: number): bigint => (negative(x) ? -magnitude(x) : magnitude(x));
  const d = position(a) - position(b);
  return Number(d < 0n ? -d : d);
}

describe('float32 codec and ULP distance (properties)', () => {
  it('round-trips every bit pattern through hex, NaN payloads, ±0, ±Infinity and subnormals included', () => {
    fc.assert(
      fc.property(bits, (b) => {
        const hex = bitsToHex(b);
        expect(hex).toMatch(/^[0-9a-f]{8}$/);
        expect(hexToBits(hex)).toBe(b >>> 0);
        if (!isNaNBits(b)) expect(float32ToHex(hexToFloat32(hex))).toBe(hex);
      }),
      params,
    );
  });

  it('ULP distance agrees with a direct computation on the bits, and is symmetric', () => {
    fc.assert(
      fc.property(bits, bits, (a, b) => {
        const d = ulpDistance(a >>> 0, b >>> 0);
        expect(d).toBe(ulpDistance(b >>> 0, a >>> 0));
        if (isNaNBits(a) || isNaNBits(b)) expect(d).toBe(a >>> 0 === b >>> 0 ? 0 : Infinity);
        else expect(d).toBe(referenceUlps(a, b));
      }),
      params,
    );
  });
});

/** A trajectory whose losses are arbitrary bit patterns. */
const trajectories = fc
  .record({ epochs: fc.integer({ min: 1, max: 4 }), perEpoch: fc.integer({ min: 1, max: 4 }) })
  .chain(({ epochs, perEpoch }) =>
    fc
      .array(bits, { minLength: epochs * (perEpoch + 1), maxLength: epochs * (perEpoch + 1) })
      .map((losses) => withBits(makeTrajectory({ epochs, batchesPerEpoch: perEpoch }), losses, perEpoch)),
  );

function withBits(t: Trajectory, losses: readonly number[], perEpoch: number): Trajectory {
  const point = (b: number) => {
    const hex = bitsToHex(b);
    const value = hexToFloat32(hex);
    return { loss: Number.isFinite(value) ? value : null, lossBits: hex };
  };
  return {
    ...t,
    batches: t.batches.map((batch, i) => ({ ...batch, ...point(losses[i]!) })),
    epochs: t.epochs.map((epoch, e) => ({ ...epoch, ...point(losses[t.epochs.length * perEpoch + e]!) })),
  };
}

describe('compareTrajectories (properties)', () => {
  it('is reflexive: every trajectory is identical to itself, NaNs included', () => {
    fc.assert(
      fc.property(trajectories, (t) => {
        expect(compareTrajectories(t, t).kind).toBe('identical');
      }),
      params,
    );
  });

  it('finds exactly the first changed batch loss, and its verdict and distances are symmetric', () => {
    fc.assert(
      fc.property(
        trajectories.chain((t) => fc.tuple(fc.constant(t), fc.nat({ max: t.batches.length - 1 }), bits)),
        ([t, index, replacement]) => {
          fc.pre(bitsToHex(replacement) !== t.batches[index]!.lossBits);
          const changed: Trajectory = {
            ...t,
            batches: t.batches.map((b, i) => (i === index ? { ...b, lossBits: bitsToHex(replacement), loss: null } : b)),
          };
          const ab = compareTrajectories(t, changed);
          const ba = compareTrajectories(changed, t);
          expect(ab.kind).toBe('different');
          expect(ba.kind).toBe('different');
          if (ab.kind !== 'different' || ba.kind !== 'different') return;
          expect([ab.first.epoch, ab.first.batch]).toEqual([t.batches[index]!.epoch, t.batches[index]!.batch]);
          expect([ba.first.epoch, ba.first.batch, ba.first.ulp]).toEqual([ab.first.epoch, ab.first.batch, ab.first.ulp]);
          expect(ab.first.ulp).toBe(ulpDistance(hexToBits(t.batches[index]!.lossBits), replacement >>> 0));
          expect(ab.max).toEqual(ba.max);
        },
      ),
      params,
    );
  });
});

describe('seeds and data (properties)', () => {
  it('derived initializer seeds are never 0 and never collide across layers, for any master seed', () => {
    fc.assert(
      fc.property(fc.nat({ max: MAX_SEED }), fc.integer({ min: 1, max: 8 }), (seed, layers) => {
        const config = resolveScenarioConfig({ seed, layers });
        const derived = deriveSeeds(config);
        const values = initializerNames(config).map((name) => derived.initializers[name]!);
        expect(values.every((v) => Number.isInteger(v) && v > 0)).toBe(true);
        expect(new Set(values).size).toBe(values.length);
      }),
      {
        ...params,
        examples: [
          [0, 2],
          [MAX_SEED, 8],
        ],
      },
    );
  });

  it('the data generator is a pure function of its seed', () => {
    fc.assert(
      fc.property(fc.nat({ max: MAX_SEED }), fc.integer({ min: 1, max: 300 }), (seed, samples) => {
        const config = { samples, step: 0.01, noise: 0.1 };
        const dataSeed = deriveSeeds(resolveScenarioConfig({ seed })).data;
        expect(generateSineData(config, dataSeed)).toEqual(generateSineData(config, dataSeed));
      }),
      { ...params, numRuns: Math.min(params.numRuns, 100) },
    );
  });

  it('a batch size that does not divide the sample count is rejected with the validation error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2_000 }), fc.integer({ min: 2, max: 2_000 }), (samples, batchSize) => {
        fc.pre(samples % batchSize !== 0);
        let error: unknown;
        try {
          resolveScenarioConfig({ samples, batchSize });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ReproError);
        expect((error as ReproError).issues).toContain(
          `batchSize: expected a divisor of samples (${samples}) since stateful layers need every batch full, got ${batchSize} (number)`,
        );
      }),
      params,
    );
  });
});
