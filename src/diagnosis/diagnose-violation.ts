import type { Divergence } from '../compare/compare-trajectories.js';
import type { Claim } from '../invariants/claims.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { diagnose, diagnoseStateless, type Culprit, type Diagnosis } from './diagnose.js';
import { knobBeforeTraining } from './diagnose-kernels.js';

/** What a check (or `diagnose`) saw of two runs that should agree and do not. */
export interface Violation {
  /** The claim the two runs were judged by; absent for two saved runs compared as one request's. */
  readonly claim?: Pick<Claim, 'requiresState' | 'restsOnDifference'>;
  readonly a: Trajectory;
  readonly b: Trajectory;
  readonly divergence: Divergence | undefined;
  /** The variations that changed the numbers when run alone, and the first one's own run. */
  readonly culprits?: readonly Culprit[];
  readonly culpritRun?: Trajectory;
}

/**
 * The one decision of a cause from what the runs record (a kernel trace refines it afterwards:
 * check/trace-replay.ts). A claim that rests on resets making a difference and got none says the
 * state never mattered; another claim that rests on a difference has nothing to explain; otherwise
 * the knob isolation named (where it begins: before training when it changes the initial
 * weights), the initial weights, the data, or unknown at the first divergence.
 */
export function diagnoseViolation(seen: Violation): Diagnosis | undefined {
  const { claim, a, b } = seen;
  if (claim?.restsOnDifference === true)
    return claim.requiresState === true ? diagnoseStateless(a.epochs.length, a.batches.length / Math.max(1, a.epochs.length)) : undefined;
  const diagnosis = diagnose(a, b, seen.divergence, seen.culprits);
  return (seen.culpritRun === undefined ? undefined : knobBeforeTraining(diagnosis, a, seen.culpritRun)) ?? diagnosis;
}
