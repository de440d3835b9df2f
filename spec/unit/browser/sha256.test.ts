import { createHash as nodeHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from '../../../src/browser/sha256.js';

describe("the browser bundle's SHA-256", () => {
  it('equals node:crypto on any bytes, split into any chunks (so page and child digests agree)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 5 }), (chunks) => {
        const ours = createHash('sha256');
        const node = nodeHash('sha256');
        for (const c of chunks) {
          ours.update(c);
          node.update(c);
        }
        expect(ours.digest('hex')).toBe(node.digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('can fail: one flipped bit changes the digest', () => {
    const a = createHash('sha256').update(new Uint8Array([1, 2, 3])) as ReturnType<typeof createHash>;
    const b = createHash('sha256').update(new Uint8Array([1, 2, 2])) as ReturnType<typeof createHash>;
    expect(a.digest('hex')).not.toBe(b.digest('hex'));
  });
});
