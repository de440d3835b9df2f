import { compareTrajectories, type Comparison, type Divergence } from '../compare/compare-trajectories.js';
import type { ResetPolicy, RunCase } from '../trajectory/run-request.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { hexToFloat32 } from '../trajectory/float32.js';
import { renderDivergence } from './render-divergence.js';
import type { VariationSet } from './env-variations.js';

import type { ClaimName } from './expectations.js';

export { CLAIM_NAMES, type ClaimName } from './expectations.js';

/** One run a claim needs, relative to the check's master seed. */
export interface RunSpec {
  readonly case: RunCase;
  readonly reset: ResetPolicy;
  /** 0: the check's seed; 1: the next seed (mod 2^32), for the negative control. */
  readonly seedOffset: 0 | 1;
  /** A second, identical process for `rerun`. */
  readonly replica: 0 | 1;
  /** `varied`: every variation of ENV_VARIATIONS at once; `threads`: every thread knob of the backend (its runtime's threadVariations). */
  readonly environment?: VariationSet;
  /** `native`: the child leaves `Math.random` as the platform gives it, as an app that does not seed it runs. */
  readonly mathRandom?: 'native';
}

export type Verdict =
  | { readonly kind: 'holds'; readonly evidence: string; readonly divergence?: Divergence }
  | { readonly kind: 'violated'; readonly evidence: string; readonly divergence?: Divergence; readonly isolation?: Isolation }
  /** The claim's own base run does not reproduce itself: a difference says nothing of what the claim varies. */
  | { readonly kind: 'inconclusive'; readonly evidence: string; readonly divergence?: Divergence };

/** A condition a verdict holds under, that an app must meet to get it: `Math.random` seeded before tfjs loads. */
export type Precondition = 'math-random-seeded';

/**
 * What running each variation of a violated invariance claim alone showed: the variations that
 * change a bit (none: only together, an interaction), and those that could not run.
 */
export interface Isolation {
  readonly culprits: readonly { readonly name: string; readonly description: string }[];
  readonly unrun: readonly { readonly name: string; readonly reason: string }[];
}

export interface Claim {
  readonly name: ClaimName;
  /** The claim in one sentence, as the seed answer makes it. */
  readonly statement: string;
  readonly runs: readonly [RunSpec, RunSpec];
  readonly judge: (a: Trajectory, b: Trajectory) => Verdict;
  /** Only meaningful for stateful models: resetting a stateless model changes nothing. */
  readonly requiresState?: true;
  /** The claim holds because two runs differ: a difference that rerun shows as noise proves nothing. */
  readonly restsOnDifference?: true;
}

const run = (runCase: RunCase, reset: ResetPolicy, seedOffset: 0 | 1 = 0, replica: 0 | 1 = 0): RunSpec => ({ case: runCase, reset, seedOffset, replica });

const noted =
  (judge: (a: Trajectory, b: Trajectory) => Verdict) =>
  (a: Trajectory, b: Trajectory): Verdict =>
    withTrainingNote(judge(a, b), a, b);

export const CLAIMS: readonly Claim[] = [
  {
    name: 'rerun',
    statement: 'the same request in two fresh processes gives bitwise identical losses and weights',
    runs: [run('loop', 'none'), run('loop', 'none', 0, 1)],
    judge: noted(mustMatch),
  },
  {
    name: 'rerun-native-random',
    statement:
      'the same request in two fresh processes with Math.random as the platform gives it (not seeded by tfjs-repro) gives bitwise identical losses and weights',
    runs: [
      { ...run('loop', 'none'), mathRandom: 'native' },
      { ...run('loop', 'none', 0, 1), mathRandom: 'native' },
    ],
    judge: noted(mustMatch),
  },
  {
    name: 'loop-equals-single',
    statement: 'N × fit(epochs=1) equals one fit(epochs=N) without resets, bitwise',
    runs: [run('loop', 'none'), run('single', 'none')],
    judge: noted(mustMatch),
  },
  {
    name: 'reset-matters',
    statement: 'resetting states in case 1 only leaves epoch 1 identical and changes every later epoch',
    runs: [run('loop', 'epoch'), run('single', 'none')],
    judge: noted(judgeResetMatters),
    requiresState: true,
    restsOnDifference: true,
  },
  {
    name: 'callback-equals-loop',
    statement: 'resetStates() after each fit equals resetStates() in onEpochEnd, bitwise',
    runs: [run('loop', 'epoch'), run('single', 'epoch')],
    judge: noted(mustMatch),
    requiresState: true,
  },
  {
    name: 'seed-matters',
    statement: 'a different seed gives a different trajectory (negative control)',
    runs: [run('loop', 'none'), run('loop', 'none', 1)],
    judge: noted(judgeSeedMatters),
    restsOnDifference: true,
  },
  {
    name: 'env-invariance',
    statement: 'timezone, locale, working directory, unrelated and reordered variables and umask change no bit',
    runs: [run('loop', 'none'), { ...run('loop', 'none'), environment: 'varied' }],
    judge: noted(mustMatch),
  },
  {
    name: 'threads-invariance',
    statement: "the backend's CPU thread pools at the machine's cores (libtensorflow's intra-op and inter-op pools and oneDNN, PyTorch's, XLA's) change no bit",
    runs: [run('loop', 'none'), { ...run('loop', 'none'), environment: 'threads' }],
    judge: noted(mustMatch),
  },
];

/**
 * Where training stopped producing finite losses, if it did: such runs can still repeat each
 * other bit for bit (NaN patterns compare by bits), but the verdict must say the training diverged.
 */
export function divergedTraining(t: Trajectory): string | undefined {
  const point = t.batches.find((b) => b.loss === null) ?? t.epochs.find((e) => e.loss === null);
  if (point === undefined) return undefined;
  const where = 'batch' in point ? `epoch ${point.epoch} batch ${point.batch}` : `epoch ${point.epoch}`;
  return `training diverged: loss ${String(hexToFloat32(point.lossBits))} (${point.lossBits}) from ${where}`;
}

/** Appends the divergence note of either run to a verdict's evidence. */
function withTrainingNote(verdict: Verdict, a: Trajectory, b: Trajectory): Verdict {
  const notes = [...new Set([divergedTraining(a), divergedTraining(b)].filter((n): n is string => n !== undefined))];
  return notes.length === 0 ? verdict : { ...verdict, evidence: `${verdict.evidence}; ${notes.join('; ')}` };
}

/** What a backend has for a claim to vary: thread knobs (its runtime's `threadVariations`), a `Math.random` its runtime seeds. */
export interface BackendKnobs {
  readonly threads: boolean;
  readonly mathRandom: boolean;
}

/**
 * The claims that apply to a scenario: reset claims only where there is state to reset; given a
 * backend's knobs, only the claims whose variation that backend has (threads-invariance needs a
 * thread pool). Without knobs, every claim that applies to some backend.
 */
export function claimsFor(stateful: boolean, knobs?: BackendKnobs): readonly Claim[] {
  return CLAIMS.filter(
    (claim) =>
      (stateful || claim.requiresState !== true) &&
      (knobs === undefined || ((claim.runs[1].environment !== 'threads' || knobs.threads) && (claim.runs[1].mathRandom !== 'native' || knobs.mathRandom))),
  );
}

export function claimNamed(name: ClaimName): Claim {
  return CLAIMS.find((claim) => claim.name === name)!;
}

function size(t: Trajectory): string {
  const batches = t.epochs.length === 0 ? 0 : t.batches.length / t.epochs.length;
  return `${t.epochs.length} epochs × ${batches} batches`;
}

function mustMatch(a: Trajectory, b: Trajectory): Verdict {
  const comparison = compareTrajectories(a, b);
  if (comparison.kind === 'identical') {
    return { kind: 'holds', evidence: `bitwise identical over ${size(a)} (${comparison.points} values incl. weight digests)` };
  }
  return violatedBy(comparison);
}

function violatedBy(comparison: Exclude<Comparison, { kind: 'identical' }>): Verdict {
  if (comparison.kind === 'incomparable') return { kind: 'violated', evidence: comparison.reason };
  return {
    kind: 'violated',
    evidence: `differs at ${renderDivergence(comparison.first)}; max ${comparison.max.ulp} ULP`,
    divergence: comparison.first,
  };
}

function judgeResetMatters(a: Trajectory, b: Trajectory): Verdict {
  if (a.epochs.length < 2) return { kind: 'violated', evidence: `needs at least 2 epochs, got ${a.epochs.length}` };
  const comparison = compareTrajectories(a, b);
  if (comparison.kind === 'incomparable') return violatedBy(comparison);
  if (comparison.kind === 'identical') {
    return { kind: 'violated', evidence: `resets changed nothing: bitwise identical over ${size(a)}` };
  }
  if (comparison.first.epoch === 1) {
    return { kind: 'violated', evidence: `epoch 1 already differs (${renderDivergence(comparison.first)}), before any reset`, divergence: comparison.first };
  }
  const same = a.epochs.filter((epoch, i) => i > 0 && epoch.lossBits === b.epochs[i]!.lossBits).map((epoch) => epoch.epoch);
  if (same.length > 0) {
    return { kind: 'violated', evidence: `epoch loss unchanged by resets at epoch(s) ${same.slice(0, 10).join(', ')}${same.length > 10 ? ', …' : ''}` };
  }
  return {
    kind: 'holds',
    evidence: `epoch 1 identical; epochs 2–${a.epochs.length} all differ (first at ${renderDivergence(comparison.first)})`,
    divergence: comparison.first,
  };
}

function judgeSeedMatters(a: Trajectory, b: Trajectory): Verdict {
  const comparison = compareTrajectories(a, b);
  if (comparison.kind === 'identical') {
    return { kind: 'violated', evidence: `seeds ${a.request.scenario.seed} and ${b.request.scenario.seed} gave bitwise identical runs` };
  }
  if (comparison.kind === 'incomparable') return violatedBy(comparison);
  return {
    kind: 'holds',
    evidence: `seeds ${a.request.scenario.seed} and ${b.request.scenario.seed} differ from ${renderDivergence(comparison.first)}`,
    divergence: comparison.first,
  };
}

/**
 * A claim's verdict in the light of the control (rerun of the base run): when the base run does
 * not reproduce itself, any verdict that rests on two runs differing is inconclusive, and no
 * variation may be named as its cause. A claim that demands equality and got it keeps its verdict.
 */
export function withControl(claim: Claim, verdict: Verdict, control: Verdict | undefined): Verdict {
  if (claim.name === 'rerun' || control?.kind !== 'violated') return verdict;
  if (verdict.kind === 'holds' && claim.restsOnDifference !== true) return verdict;
  return {
    kind: 'inconclusive',
    evidence: `inconclusive: the base run does not reproduce itself (rerun ${control.divergence === undefined ? control.evidence : `differs at ${renderDivergence(control.divergence)}`}), so a difference cannot be attributed to what ${claim.name} varies`,
    ...(verdict.divergence === undefined ? {} : { divergence: verdict.divergence }),
  };
}
