import type { Precondition } from '../check/check-result.js';
import type { ClaimName } from '../invariants/claims.js';
import { describeValue, ReproError } from '../errors.js';
import type { Shard } from './shard.js';

export const SWEEP_BLOB_FORMAT = 'tfjs-repro/sweep-blob';
export const SWEEP_RESULT_FORMAT = 'tfjs-repro/sweep-result';
export const SWEEP_VERSION = 1;

/** One claim at one point: what `check` would print for it. */
export interface PointVerdict {
  readonly claim: ClaimName;
  readonly verdict: 'holds' | 'violated' | 'inconclusive' | 'error';
  /** The config expects a violation (a known, documented one). */
  readonly expected: 'holds' | 'violated';
  readonly evidence: string;
  /** A violated claim's cause, where it begins and the fix (`check`'s diagnosis, in one line each). */
  readonly why?: { readonly cause: string; readonly evidence: string; readonly fix: string };
  /** A verdict that holds only because the runs seed Math.random (rerun-native-random violated at this point). */
  readonly precondition?: Precondition;
}

export interface PointResult {
  readonly id: string;
  readonly verdicts: readonly PointVerdict[];
  /** Every verdict is the expected one. */
  readonly ok: boolean;
  /** `npx tfjs-repro run …` for that exact point (case 1, no resets): replays its base run. */
  readonly replay: string;
}

/** What one shard job writes with `--out`: nothing in it depends on the machine or the clock. */
export interface SweepBlob {
  readonly format: typeof SWEEP_BLOB_FORMAT;
  readonly version: typeof SWEEP_VERSION;
  readonly sweepId: string;
  readonly shard: Shard;
  /** Every point of the whole sweep, so that a merge can tell what is missing. */
  readonly plannedIds: readonly string[];
  readonly points: readonly PointResult[];
}

export interface SweepResult {
  readonly format: typeof SWEEP_RESULT_FORMAT;
  readonly version: typeof SWEEP_VERSION;
  readonly sweepId: string;
  /** Sorted by id. */
  readonly points: readonly PointResult[];
  readonly ok: boolean;
}

/**
 * One result from the blobs of a sweep's shards: refused (input-file) when a blob is invalid, is
 * from another sweep, when a shard is missing or given twice, or when a point is missing.
 */
export function mergeSweepBlobs(blobs: readonly { readonly file: string; readonly blob: SweepBlob }[]): SweepResult {
  if (blobs.length === 0) throw new ReproError('usage', 'merge: expected at least one blob written by `tfjs-repro sweep --out`');
  const [first] = blobs;
  const issues: string[] = [];
  for (const { file, blob } of blobs) {
    if (blob.sweepId !== first!.blob.sweepId) issues.push(`${file}: from another sweep (id ${blob.sweepId}; ${first!.file} has ${first!.blob.sweepId})`);
    if (blob.shard.count !== first!.blob.shard.count)
      issues.push(`${file}: shard ${blob.shard.index}/${blob.shard.count}, but ${first!.file} is of ${first!.blob.shard.count} shards`);
  }
  if (issues.length === 0) {
    const count = first!.blob.shard.count;
    for (let index = 1; index <= count; index++) {
      const given = blobs.filter((b) => b.blob.shard.index === index);
      if (given.length === 0) issues.push(`shard ${index}/${count} is missing`);
      if (given.length > 1) issues.push(`shard ${index}/${count} is given ${given.length} times: ${given.map((g) => g.file).join(', ')}`);
    }
  }
  if (issues.length === 0) {
    const seen = new Set(blobs.flatMap((b) => b.blob.points.map((p) => p.id)));
    const missing = first!.blob.plannedIds.filter((id) => !seen.has(id));
    if (missing.length > 0)
      issues.push(`${missing.length} planned point(s) have no result: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  }
  if (issues.length > 0) throw new ReproError('input-file', `merge: the blobs do not make one sweep:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { issues });
  const points = blobs.flatMap((b) => b.blob.points).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { format: SWEEP_RESULT_FORMAT, version: SWEEP_VERSION, sweepId: first!.blob.sweepId, points, ok: points.every((p) => p.ok) };
}

/** Checks a blob read from a file, every problem at once, each with its field. */
export function parseSweepBlob(value: unknown, file: string): SweepBlob {
  const issues: string[] = [];
  const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!record(value)) throw new ReproError('input-file', `${file}: not a sweep blob: (root): expected an object, got ${describeValue(value)}`);
  if (value.format !== SWEEP_BLOB_FORMAT) issues.push(`format: expected "${SWEEP_BLOB_FORMAT}", got ${describeValue(value.format)}`);
  if (value.version !== SWEEP_VERSION) issues.push(`version: expected ${SWEEP_VERSION}, got ${describeValue(value.version)}`);
  if (typeof value.sweepId !== 'string' || !/^[0-9a-f]{16}$/.test(value.sweepId))
    issues.push(`sweepId: expected 16 hex digits, got ${describeValue(value.sweepId)}`);
  const shard = value.shard;
  if (
    !record(shard) ||
    !Number.isInteger(shard.index) ||
    !Number.isInteger(shard.count) ||
    (shard.index as number) < 1 ||
    (shard.index as number) > (shard.count as number)
  ) {
    issues.push(`shard: expected { index, count } with 1 ≤ index ≤ count, got ${JSON.stringify(shard)}`);
  }
  if (!Array.isArray(value.plannedIds) || !value.plannedIds.every((id) => typeof id === 'string'))
    issues.push(`plannedIds: expected an array of point ids, got ${describeValue(value.plannedIds)}`);
  if (!Array.isArray(value.points)) issues.push(`points: expected an array, got ${describeValue(value.points)}`);
  else {
    value.points.forEach((p, i) => {
      if (!record(p) || typeof p.id !== 'string' || typeof p.ok !== 'boolean' || typeof p.replay !== 'string' || !Array.isArray(p.verdicts)) {
        issues.push(`points[${i}]: expected { id, verdicts, ok, replay }, got ${describeValue(p)}`);
      }
    });
  }
  if (issues.length > 0) throw new ReproError('input-file', `${file}: not a valid sweep blob:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { issues });
  return value as unknown as SweepBlob;
}
