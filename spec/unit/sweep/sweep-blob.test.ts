import { describe, expect, it } from 'vitest';
import { mergeSweepBlobs, parseSweepBlob, SWEEP_BLOB_FORMAT, type SweepBlob } from '../../../src/sweep/sweep-blob.js';

const point = (id: string, ok = true) => ({
  id,
  ok,
  replay: `npx tfjs-repro run … (${id})`,
  verdicts: [{ claim: 'rerun' as const, verdict: ok ? ('holds' as const) : ('violated' as const), expected: 'holds' as const, evidence: '…' }],
});
const blob = (index: number, count: number, ids: string[], sweepId = '0123456789abcdef'): SweepBlob => ({
  format: SWEEP_BLOB_FORMAT,
  version: 1,
  sweepId,
  shard: { index, count },
  plannedIds: ['a', 'b', 'c'],
  points: ids.map((id) => point(id)),
});

describe('merging the blobs of a sweep', () => {
  it('gives one result sorted by id, the same whatever the order of the blobs', () => {
    const one = mergeSweepBlobs([
      { file: '1', blob: blob(1, 2, ['c', 'a']) },
      { file: '2', blob: blob(2, 2, ['b']) },
    ]);
    const other = mergeSweepBlobs([
      { file: '2', blob: blob(2, 2, ['b']) },
      { file: '1', blob: blob(1, 2, ['c', 'a']) },
    ]);
    expect(one.points.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(one).toEqual(other);
    expect(one.ok).toBe(true);
  });

  it('is not ok when a point has a claim not as expected', () => {
    const failing = { ...blob(1, 1, ['a', 'b']), points: [point('a'), point('b', false), point('c')] };
    expect(mergeSweepBlobs([{ file: 'x', blob: failing }]).ok).toBe(false);
  });

  it('refuses a missing shard, a shard given twice, a blob of another sweep and missing points, naming each (input-file)', () => {
    expect(() =>
      mergeSweepBlobs([
        { file: '1', blob: blob(1, 3, ['a']) },
        { file: '3', blob: blob(3, 3, ['c']) },
      ]),
    ).toThrow(/shard 2\/3 is missing/);
    expect(() =>
      mergeSweepBlobs([
        { file: 'x', blob: blob(1, 1, ['a', 'b', 'c']) },
        { file: 'y', blob: blob(1, 1, ['a', 'b', 'c']) },
      ]),
    ).toThrow(/shard 1\/1 is given 2 times: x, y/);
    expect(() =>
      mergeSweepBlobs([
        { file: 'x', blob: blob(1, 2, ['a']) },
        { file: 'y', blob: blob(2, 2, ['b', 'c'], 'ffffffffffffffff') },
      ]),
    ).toThrow(/y: from another sweep \(id ffffffffffffffff; x has 0123456789abcdef\)/);
    expect(() => mergeSweepBlobs([{ file: 'x', blob: blob(1, 1, ['a']) }])).toThrow(
      expect.objectContaining({ code: 'input-file', message: expect.stringMatching(/2 planned point\(s\) have no result: b, c/) }),
    );
  });

  it('a file that is not a blob is refused with every problem and its field', () => {
    expect(() => parseSweepBlob({ format: 'x', version: 2, sweepId: 'nope', shard: { index: 3, count: 2 }, plannedIds: 1, points: [{}] }, 'f.json')).toThrow(
      /f\.json: not a valid sweep blob:\n {2}- format: .*\n {2}- version: .*\n {2}- sweepId: .*\n {2}- shard: .*\n {2}- plannedIds: .*\n {2}- points\[0\]: /,
    );
  });
});
