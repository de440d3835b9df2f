import { compareTrajectories, type Comparable, type Distances, type Divergence } from '../compare/compare-trajectories.js';
import type { GoldenBudget } from './golden-file.js';

export type RunClassification =
  | { readonly kind: 'identical' }
  | { readonly kind: 'within-budget'; readonly max: Distances; readonly first: Divergence; readonly weightsOnly?: boolean }
  | { readonly kind: 'drifted'; readonly max?: Distances; readonly first?: Divergence; readonly reason: string };

/**
 * With the golden's provenance, numbers must be bit-identical (losses and weight digests).
 * With another provenance, losses may move by the golden's recorded ULP budget.
 */
export function classifyRun(golden: Comparable, current: Comparable, sameProvenance: boolean, budget: GoldenBudget): RunClassification {
  const exact = compareTrajectories(golden, current);
  if (exact.kind === 'identical') return { kind: 'identical' };
  if (exact.kind === 'incomparable') return { kind: 'drifted', reason: exact.reason };
  if (exact.kind === 'within-tolerance') throw new Error('unreachable: exact comparison has no tolerance');
  if (sameProvenance) {
    return { kind: 'drifted', max: exact.max, first: exact.first, reason: 'same provenance, so the numbers must be bit-identical' };
  }
  const budgeted = compareTrajectories(golden, current, { kind: 'ulp', ulps: budget.ulps });
  if (budgeted.kind === 'identical') {
    // Every loss is bit-identical and only weight digests moved: inside any non-zero budget.
    return budget.ulps > 0
      ? { kind: 'within-budget', max: exact.max, first: exact.first, weightsOnly: true }
      : { kind: 'drifted', max: exact.max, first: exact.first, reason: 'losses equal but weights differ, and the budget is 0 ULP' };
  }
  if (budgeted.kind === 'within-tolerance') return { kind: 'within-budget', max: budgeted.max, first: budgeted.first };
  if (budgeted.kind === 'incomparable') return { kind: 'drifted', reason: budgeted.reason };
  return { kind: 'drifted', max: budgeted.max, first: budgeted.first, reason: `beyond the budget of ${budget.ulps} ULP` };
}
