import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestWeights } from '../../../src/trajectory/weight-digest.js';

describe('the weight digest (one implementation for Node children and browser pages)', () => {
  it("is node:crypto's SHA-256 of the weights' float32 bytes in order, first 16 hex digits, for any weights", () => {
    fc.assert(
      fc.property(fc.array(fc.float32Array({ maxLength: 50 }), { maxLength: 5 }), (weights) => {
        const node = createHash('sha256');
        for (const w of weights) node.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
        expect(digestWeights(weights)).toBe(node.digest('hex').slice(0, 16));
      }),
      { numRuns: 300 },
    );
  });

  it('can fail: one flipped bit of one weight changes the digest', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array(a);
    new Uint32Array(b.buffer)[2]! ^= 1;
    expect(digestWeights([a])).not.toBe(digestWeights([b]));
  });
});
