import { assertNever } from '../errors.js';
import { hexToBits, hexToFloat32, ulpDistance } from '../trajectory/float32.js';
import type { LossPoint, Trajectory } from '../trajectory/trajectory.js';
import { EXACT, type Tolerance } from './tolerance.js';

/** What compare reads of a run: a child's trajectory and a golden's stored run both fit. */
export type Comparable = Pick<Trajectory, 'epochs' | 'batches' | 'weightDigests'>;

/** One compared value: a batch loss (batch ≥ 1), an epoch loss (batch undefined) or a weight digest. */
export interface Divergence {
  readonly series: 'batch-loss' | 'epoch-loss' | 'weights';
  readonly epoch: number;
  readonly batch?: number;
  readonly a: number;
  readonly b: number;
  readonly aBits: string;
  readonly bBits: string;
  readonly ulp: number;
  readonly abs: number;
  readonly rel: number;
}

/** Where two runs part, without the values: the series, the epoch and (for a batch loss) the batch. */
export type DivergencePlace = Pick<Divergence, 'series' | 'epoch' | 'batch'>;

export interface Distances {
  readonly ulp: number;
  readonly abs: number;
  readonly rel: number;
}

export type Comparison =
  | { readonly kind: 'identical'; readonly points: number }
  | { readonly kind: 'within-tolerance'; readonly points: number; readonly max: Distances; readonly first: Divergence }
  | { readonly kind: 'different'; readonly points: number; readonly max: Distances; readonly first: Divergence; readonly count: number }
  | { readonly kind: 'incomparable'; readonly reason: string };

/**
 * Walks both trajectories in training order — each epoch's batch losses, then its epoch loss,
 * then its weight digest — and reports the first point outside the tolerance, the number of
 * such points, and the largest ULP, absolute and relative distances over all losses. Weight
 * digests can only be equal or not; with a tolerance other than exact they are not compared.
 */
export function compareTrajectories(a: Comparable, b: Comparable, tolerance: Tolerance = EXACT): Comparison {
  if (a.epochs.length !== b.epochs.length) return incomparable('epochs', a.epochs.length, b.epochs.length);
  if (a.batches.length !== b.batches.length) return incomparable('batch losses', a.batches.length, b.batches.length);
  const max = { ulp: 0, abs: 0, rel: 0 };
  let first: Divergence | undefined;
  let firstBeyond: Divergence | undefined;
  let count = 0;
  let points = 0;
  const visit = (divergence: Divergence | undefined, beyond: boolean): void => {
    points += 1;
    if (divergence === undefined) return;
    first ??= divergence;
    if (beyond) {
      firstBeyond ??= divergence;
      count += 1;
    }
  };
  let batchIndex = 0;
  for (let e = 0; e < a.epochs.length; e++) {
    const epoch = e + 1;
    while (batchIndex < a.batches.length && a.batches[batchIndex]!.epoch === epoch) {
      const batch = a.batches[batchIndex]!.batch;
      const d = lossDivergence('batch-loss', epoch, batch, a.batches[batchIndex]!, b.batches[batchIndex]!);
      if (d) updateMax(max, d);
      visit(d, d !== undefined && !isWithin(d, tolerance));
      batchIndex += 1;
    }
    const d = lossDivergence('epoch-loss', epoch, undefined, a.epochs[e]!, b.epochs[e]!);
    if (d) updateMax(max, d);
    visit(d, d !== undefined && !isWithin(d, tolerance));
    if (tolerance.kind === 'exact') {
      const same = a.weightDigests[e] === b.weightDigests[e];
      visit(same ? undefined : weightDivergence(epoch), !same);
    }
  }
  if (firstBeyond !== undefined) return { kind: 'different', points, max, first: firstBeyond, count };
  if (first !== undefined) return { kind: 'within-tolerance', points, max, first };
  return { kind: 'identical', points };
}

function lossDivergence(series: Divergence['series'], epoch: number, batch: number | undefined, a: LossPoint, b: LossPoint): Divergence | undefined {
  if (a.lossBits === b.lossBits) return undefined;
  const aValue = hexToFloat32(a.lossBits);
  const bValue = hexToFloat32(b.lossBits);
  const abs = Math.abs(aValue - bValue);
  const scale = Math.max(Math.abs(aValue), Math.abs(bValue));
  return {
    series,
    epoch,
    ...(batch === undefined ? {} : { batch }),
    a: aValue,
    b: bValue,
    aBits: a.lossBits,
    bBits: b.lossBits,
    ulp: ulpDistance(hexToBits(a.lossBits), hexToBits(b.lossBits)),
    abs: Number.isNaN(abs) ? Number.POSITIVE_INFINITY : abs,
    rel: scale === 0 ? 0 : Number.isNaN(abs) ? Number.POSITIVE_INFINITY : abs / scale,
  };
}

function weightDivergence(epoch: number): Divergence {
  return { series: 'weights', epoch, a: Number.NaN, b: Number.NaN, aBits: '', bBits: '', ulp: Number.NaN, abs: Number.NaN, rel: Number.NaN };
}

function isWithin(d: Divergence, tolerance: Tolerance): boolean {
  switch (tolerance.kind) {
    case 'exact':
      return false;
    case 'ulp':
      return d.ulp <= tolerance.ulps;
    case 'abs':
      return d.abs <= tolerance.abs;
    case 'rel':
      return d.rel <= tolerance.rel;
    default:
      return assertNever(tolerance, 'tolerance');
  }
}

function updateMax(max: { ulp: number; abs: number; rel: number }, d: Divergence): void {
  max.ulp = Math.max(max.ulp, d.ulp);
  max.abs = Math.max(max.abs, d.abs);
  max.rel = Math.max(max.rel, d.rel);
}

function incomparable(what: string, a: number, b: number): Comparison {
  return { kind: 'incomparable', reason: `the runs have different numbers of ${what}: ${a} vs ${b}` };
}
