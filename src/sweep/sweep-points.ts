import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import type { RuntimePlan } from '../plan/resolve-check.js';
import { ReproError } from '../errors.js';
import type { ClaimName } from '../invariants/claims.js';
import { claimsIn } from '../runtimes/registry.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { resolveScenarioConfig, type ScenarioConfig } from '../scenario/config.js';
import { MAX_SEED } from '../scenario/scenario-config.js';
import { getScenario } from '../scenario/scenario-registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { invalid } from '../validation.js';

/** One point of a sweep: a scenario config (its seed and batch size set) on one backend in one runtime. */
export interface SweepPoint {
  /** `stateful-lstm-sine/node/wasm/seed=7/batch=10`: unique in a sweep, and its sort order. */
  readonly id: string;
  readonly scenario: ScenarioConfig;
  readonly runtime: RuntimeName;
  readonly backend: BackendName;
  readonly claims: readonly ClaimName[];
  readonly expected: ExpectedVerdicts;
  /** A published tfjs release the point trains with (`--tfjs`); absent: the project's tfjs. */
  readonly tfjs?: string;
}

/** Which seeds and batch sizes: a grid as given, or a sample drawn by fast-check from a seed. */
export type SweepDraw =
  | { readonly kind: 'grid'; readonly seeds: readonly number[]; readonly batchSizes: readonly number[] }
  /** `count` (seed, batch size) pairs, always with seeds 0 and 2^32−1 among them; batch sizes from `batchSizes`, or the divisors of the samples. */
  | { readonly kind: 'sample'; readonly count: number; readonly drawSeed: number; readonly batchSizes?: readonly number[] };

export interface SweepSpec {
  /** Base configs: each point overrides their seed and batch size. */
  readonly scenarios: readonly ScenarioConfig[];
  readonly draw: SweepDraw;
  readonly plan: RuntimePlan;
  /** @default every claim that applies */
  readonly claims?: readonly ClaimName[];
  readonly expectedFor: (scenario: ScenarioConfig) => ExpectedVerdicts;
  /** Published tfjs releases: every point once per release (`--tfjs`), so the release matrix shards like any sweep. */
  readonly tfjs?: readonly string[];
}

export interface SweepPlan {
  /** A digest of every point and claim: the same in every job that computes the same sweep. */
  readonly sweepId: string;
  /** Sorted by id. */
  readonly points: readonly SweepPoint[];
}

/** Where the seed experiment's batch sizes can come from when none are given: the divisors of the samples up to this. */
const MAX_DRAWN_BATCH = 500;

/**
 * The points of a sweep, computed the same way in every job: the grid (or the drawn sample) ×
 * scenarios × runtimes × backends, each validated (a batch size must divide the samples of a
 * stateful scenario; every problem is reported at once).
 */
export function planSweep(spec: SweepSpec): SweepPlan {
  const issues: string[] = [];
  const points: SweepPoint[] = [];
  for (const base of spec.scenarios) {
    for (const [seed, batchSize] of pairsOf(spec.draw, base)) {
      let scenario: ScenarioConfig;
      try {
        scenario = resolveScenarioConfig({ ...base, seed, batchSize }, (field) =>
          field === 'seed' ? '--seeds' : field === 'batchSize' ? '--batch-sizes' : field,
        );
      } catch (error) {
        issues.push(...(error as ReproError).issues.map((issue) => `${base.scenario} seed ${seed} batch ${batchSize}: ${issue}`));
        continue;
      }
      const { stateful } = getScenario(scenario.scenario);
      for (const { runtime, backends } of spec.plan) {
        for (const backend of backends) {
          const applicable = claimsIn(runtime, backend, stateful).map((c) => c.name);
          const claims = spec.claims === undefined ? applicable : spec.claims.filter((c) => applicable.includes(c));
          if (claims.length === 0) continue;
          for (const tfjs of spec.tfjs ?? [undefined])
            points.push({
              id: `${scenario.scenario}/${runtime}/${backend}/seed=${seed}/batch=${batchSize}${tfjs === undefined ? '' : `/tfjs=${tfjs}`}`,
              scenario,
              runtime,
              backend,
              claims,
              expected: spec.expectedFor(scenario),
              ...(tfjs === undefined ? {} : { tfjs }),
            });
        }
      }
    }
  }
  if (issues.length > 0) throw invalid('invalid sweep', [...new Set(issues)]);
  if (points.length === 0) throw invalid('invalid sweep', ['the sweep has no point: no claim applies to any scenario × backend asked for']);
  const unique = [...new Map(points.map((p) => [p.id, p])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { sweepId: sweepIdOf(unique), points: unique };
}

/** A digest of the points (their full configs) and claims: blobs of different sweeps never merge. */
export function sweepIdOf(points: readonly SweepPoint[]): string {
  const canonical = JSON.stringify(points.map((p) => [p.id, p.scenario, p.claims, ...(p.tfjs === undefined ? [] : [p.tfjs])]));
  return bytesToHex(sha256(utf8ToBytes(canonical))).slice(0, 16);
}

function pairsOf(draw: SweepDraw, base: ScenarioConfig): [number, number][] {
  if (draw.kind === 'grid') return draw.seeds.flatMap((seed) => draw.batchSizes.map((batchSize): [number, number] => [seed, batchSize]));
  const batchSizes = draw.batchSizes ?? divisors(base.samples).filter((d) => d <= MAX_DRAWN_BATCH);
  const pair = fc.tuple(fc.integer({ min: 0, max: MAX_SEED }), fc.constantFrom(...batchSizes));
  // The edges first: seed 0 (which tfjs would treat as "no seed") and the largest seed.
  const edges: [number, number][] = [
    [0, batchSizes[0]!],
    [MAX_SEED, batchSizes.at(-1)!],
  ];
  // fast-check draws repeats (it favours small and extreme values): draw distinct pairs, two more
  // than needed in case the edges are among them, so that --sample N gives N points.
  const length = Math.min(draw.count + edges.length, batchSizes.length * (MAX_SEED + 1));
  const distinct = fc.uniqueArray(pair, { minLength: length, maxLength: length, selector: ([seed, batch]) => `${seed}/${batch}` });
  const [drawn] = fc.sample(distinct, { seed: draw.drawSeed, numRuns: 1 }) as [number, number][][];
  const pairs = new Map([...edges, ...drawn!].map((p) => [`${p[0]}/${p[1]}`, p] as const));
  return [...pairs.values()].slice(0, draw.count);
}

function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
}
