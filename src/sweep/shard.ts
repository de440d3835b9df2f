import { claimNamed, type ClaimName } from '../invariants/claims.js';
import { describeValue } from '../errors.js';
import { invalid } from '../validation.js';
import type { SweepPoint } from './sweep-points.js';
import { runCost } from '../runtimes/registry.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** `--shard i/n`, 1 ≤ i ≤ n, as vitest spells it. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = match === null ? [Number.NaN, Number.NaN] : [Number(match[1]), Number(match[2])];
  if (!(count >= 1 && count <= 1000 && index >= 1 && index <= count)) {
    throw invalid('invalid options', [`--shard: expected i/n with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/3), got ${describeValue(text)}`]);
  }
  return { index, count };
}

/** What a point is expected to cost: its distinct runs × (start-up + samples × epochs × backend factor). */
export function pointCost(point: SweepPoint): number {
  const names: readonly ClaimName[] = ['rerun', ...point.claims];
  const runs = new Set(names.flatMap((name) => claimNamed(name).runs.map((spec) => JSON.stringify(spec)))).size;
  return runs * runCost(point.runtime, point.backend, point.scenario.samples, point.scenario.epochs);
}

/**
 * The points of shard i of n: every job computes the same split. Longest first onto the least
 * loaded shard (ties: the lower index), so shards cost about the same however the points differ.
 */
export function shardPoints(points: readonly SweepPoint[], shard: Shard): SweepPoint[] {
  const loads = new Array<number>(shard.count).fill(0);
  const mine: SweepPoint[] = [];
  const byCost = [...points].sort((a, b) => pointCost(b) - pointCost(a) || (a.id < b.id ? -1 : 1));
  for (const point of byCost) {
    let target = 0;
    for (let i = 1; i < loads.length; i++) if (loads[i]! < loads[target]!) target = i;
    loads[target]! += pointCost(point);
    if (target === shard.index - 1) mine.push(point);
  }
  return mine.sort((a, b) => (a.id < b.id ? -1 : 1));
}
