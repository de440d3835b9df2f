import { compareTrajectories, type Divergence } from '../compare/compare-trajectories.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import type { CrossRuntimeClaim } from './expectations.js';
import type { RunPairing, RunPlace } from './run-pairing.js';
import { renderDivergence } from './render-divergence.js';

export { CROSS_RUNTIME_CLAIMS, type CrossRuntimeClaim } from './expectations.js';

export interface CrossRuntimeOutcome {
  readonly claim: CrossRuntimeClaim;
  /** `runtime/backend` of the two runs compared (case 1, no resets). */
  readonly a: string;
  readonly b: string;
  readonly kind: 'holds' | 'violated' | 'inconclusive';
  readonly evidence: string;
  readonly maxUlp: number;
  readonly divergence?: Divergence;
  /** matches-keras: the relative distance of every epoch loss (null where one is not finite). */
  readonly relPerEpoch?: readonly (number | null)[];
}

/** Case 1 without resets of a backend in a runtime, if that runtime ran it. */
export type BaseRunLookup = (runtime: RuntimeName, backend: BackendName) => Trajectory | undefined;
/** Whether that base run reproduced itself in a second process (its rerun control held). */
export type ReproducesLookup = (runtime: RuntimeName, backend: BackendName) => boolean;

/** One place's run for the claims across runtimes: where and which backend, as `node/cpu`. */
export function placeName(place: RunPlace): string {
  return `${place.runtime}/${place.backend}`;
}

/**
 * The claims across runtimes from runs the per-runtime checks already made (no extra runs): each
 * pairing the runtimes declare (`Runtime.pairings`) whose two base runs both ran, judged bitwise
 * or within its ULP budget, in the pairings' order.
 */
export function judgeCrossRuntime(pairings: readonly RunPairing[], runIn: BaseRunLookup, reproduces: ReproducesLookup = () => true): CrossRuntimeOutcome[] {
  return pairings.flatMap((pairing) => {
    const [a, b] = [runIn(pairing.a.runtime, pairing.a.backend), runIn(pairing.b.runtime, pairing.b.backend)];
    if (a === undefined || b === undefined) return [];
    const outcome = judge(pairing.claim, placeName(pairing.a), a, placeName(pairing.b), b, pairing.ulps);
    // A violation between two runs of which one does not even reproduce itself blames no runtime.
    const noisy = [pairing.a, pairing.b].filter((place) => !reproduces(place.runtime, place.backend)).map(placeName);
    if (noisy.length === 0 || outcome.kind === 'holds') return [outcome];
    return [
      {
        ...outcome,
        kind: 'inconclusive',
        evidence: `inconclusive: ${noisy.join(' and ')} does not reproduce itself (rerun VIOLATED), so the difference cannot be attributed to the runtime`,
      },
    ];
  });
}

function judge(claim: CrossRuntimeClaim, aName: string, a: Trajectory, bName: string, b: Trajectory, budget: number): CrossRuntimeOutcome {
  const comparison = compareTrajectories(a, b, budget === 0 ? undefined : { kind: 'ulp', ulps: budget });
  const base = { claim, a: aName, b: bName };
  switch (comparison.kind) {
    case 'identical':
      return { ...base, kind: 'holds', maxUlp: 0, evidence: `bitwise identical (${comparison.points} values incl. weight digests)` };
    case 'within-tolerance':
      return {
        ...base,
        kind: 'holds',
        maxUlp: comparison.max.ulp,
        divergence: comparison.first,
        evidence: `within ${budget} ULP: first difference at ${renderDivergence(comparison.first)}; max ${comparison.max.ulp} ULP, relative ${comparison.max.rel.toExponential(2)}`,
      };
    case 'different':
      return {
        ...base,
        kind: 'violated',
        maxUlp: comparison.max.ulp,
        divergence: comparison.first,
        evidence: `${budget === 0 ? 'differs' : `beyond ${budget} ULP`} at ${renderDivergence(comparison.first)}; max ${comparison.max.ulp} ULP, relative ${comparison.max.rel.toExponential(2)}`,
      };
    case 'incomparable':
      return { ...base, kind: 'violated', maxUlp: Number.NaN, evidence: comparison.reason };
  }
}
