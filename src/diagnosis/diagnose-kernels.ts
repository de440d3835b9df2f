import type { KernelTrace, KernelTraceEntry } from '../trajectory/kernel-trace.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { differingWeights, type Diagnosis } from './diagnose.js';
import { locateOrigin, originOf, ranAt } from './locate-origin.js';
import { CAUSES } from './causes.js';

/** tfjs kernels that draw random numbers (most of tfjs's random ops make their tensor from values instead: `makeTensor`). */
const RANDOM_KERNELS = new Set(['RandomUniform', 'RandomNormal', 'RandomStandardNormal', 'RandomGamma', 'RandomUniformInt', 'Multinomial']);

/** A replay that recorded a kernel trace. */
export type TracedRun = Pick<Trajectory, 'initialWeights'> & { readonly kernelTrace: KernelTrace };

export interface KernelContext {
  /** Whether the model has stateful layers (an input that differs in the forward pass is then their state). */
  readonly stateful: boolean;
  /** The backend both runs trained on, for the fix. */
  readonly backend: string;
}

/**
 * Refines a diagnosis whose records stop at a batch boundary (`unknown`, or a thread or environment
 * knob named by isolation) with two replays' kernel traces up to the first divergent batch: the
 * first kernel whose inputs are equal and outputs differ names the cause (a random op, the optimizer,
 * or a nondeterministic kernel), or the first input that differs does (a state, the optimizer's own
 * tensors). A knob keeps its cause and gains its first kernel. Anything else stays `unknown`, with
 * what the traces show.
 */
export function diagnoseKernels(boundary: Diagnosis, runA: TracedRun, runB: TracedRun, context: KernelContext): Diagnosis {
  const [a, b] = [runA.kernelTrace, runB.kernelTrace];
  const before = knobBeforeTraining(boundary, runA, runB);
  if (before !== undefined) return before;
  const upTo = `epoch ${a.upTo.epoch} batch ${a.upTo.batch}`;
  if (a.truncated === true || b.truncated === true) {
    return { ...boundary, evidence: `${boundary.evidence}; the kernel trace up to ${upTo} was cut at its size limit before it found a difference` };
  }
  const difference = locateOrigin(a, b);
  if (difference.kind === 'none') {
    return {
      ...boundary,
      evidence: `${boundary.evidence}; replayed with a kernel trace, every kernel up to ${upTo} gives bitwise-equal outputs (${difference.entries} kernels): the difference did not recur on replay`,
    };
  }
  if (difference.kind === 'control-flow') {
    return {
      ...boundary,
      cause: isKnob(boundary) ? boundary.cause : 'unknown',
      evidence: `${boundary.evidence}; the kernel traces part in control flow: one runs ${ranAt(difference.a)} where the other runs ${ranAt(difference.b)}`,
    };
  }
  const { entry } = difference;
  const origin = originOf(difference);
  const at = `${entry.kernel} (occurrence ${entry.occurrence}${entry.layer === undefined ? '' : ` in layer ${entry.layer}`}, ${entry.phase}) at epoch ${entry.epoch} batch ${entry.batch}`;
  if (isKnob(boundary)) {
    const first =
      difference.kind === 'origin'
        ? `the first kernel whose output changes with it: ${at}`
        : `the first kernel that sees a difference: ${at}, in ${origin.tensor}, a tensor made outside the traced steps`;
    return { ...boundary, origin, evidence: `${boundary.evidence}; ${first}` };
  }
  if (difference.kind === 'input') return fromInput(boundary, origin, at, entry, context);
  if (entry.kernel === 'makeTensor' && entry.phase === 'optimizer')
    return optimizer(origin, `the optimizer makes a tensor from other values in the two runs: ${at}, with equal gradients`);
  if (entry.kernel === 'makeTensor' || RANDOM_KERNELS.has(entry.kernel)) {
    return {
      cause: 'random-op',
      origin,
      evidence:
        entry.kernel === 'makeTensor'
          ? `a tensor made from JavaScript values inside the step, as tf.randomUniform, tf.randomNormal and dropout make theirs, differs between the runs: ${at}, while every kernel before it agrees bitwise`
          : `the random kernel ${at} gives other outputs from equal inputs, while every kernel before it agrees bitwise`,
      fix: CAUSES['random-op'].fix.runs(),
    };
  }
  return {
    cause: 'nondeterministic-kernel',
    origin,
    evidence: `${at} gives other outputs from bitwise-equal inputs (${entry.inputs.length} input(s)), while every kernel before it agrees bitwise`,
    fix: CAUSES['nondeterministic-kernel'].fix.runs({ kernel: entry.kernel, backend: context.backend }),
  };
}

function fromInput(boundary: Diagnosis, origin: Diagnosis['origin'], at: string, entry: KernelTraceEntry, context: KernelContext): Diagnosis {
  if (entry.phase === 'optimizer')
    return optimizer(
      origin,
      `the optimizer's own tensors differ (a learning rate or another hyper-parameter made before the step): ${origin.tensor} of ${at}, with equal gradients`,
    );
  if (entry.phase === 'forward' && context.stateful) {
    return {
      cause: 'state',
      origin: { ...origin, phase: 'state' },
      evidence: `the state entering batch ${entry.batch} of epoch ${entry.epoch} differs while the weights and data are equal: ${origin.tensor} of ${at} differs though every kernel before it agrees (a state reset in one run and carried in the other)`,
      fix: CAUSES.state.fix.runs(),
    };
  }
  return {
    ...boundary,
    origin,
    evidence: `${boundary.evidence}; the first kernel that differs is ${at}, in ${origin.tensor}, a tensor made outside the traced steps`,
  };
}

function optimizer(origin: Diagnosis['origin'], evidence: string): Diagnosis {
  return {
    cause: 'optimizer',
    origin,
    evidence,
    fix: CAUSES.optimizer.fix.runs(),
  };
}

/**
 * A knob's diagnosis when the knob changes the weights before training (an initializer that
 * computes on the backend, as the orthogonal one does): it begins there; undefined otherwise.
 */
export function knobBeforeTraining(
  boundary: Diagnosis,
  runA: Pick<Trajectory, 'initialWeights'>,
  runB: Pick<Trajectory, 'initialWeights'>,
): Diagnosis | undefined {
  const [weights] = isKnob(boundary) ? differingWeights(runA.initialWeights ?? [], runB.initialWeights ?? []) : [];
  if (weights === undefined) return undefined;
  return {
    ...boundary,
    origin: { epoch: 0, batch: 0, phase: 'initial-weights', tensor: weights.name, ulps: weights.ulps },
    evidence: `${boundary.evidence}; it changes the initial weights already (${weights.name} by up to ${weights.ulps} ULP): an initializer that computes on the backend (as the orthogonal one does) gives other weights`,
  };
}

/** Whether a kernel trace can say more: the records stop at a batch boundary (`unknown`), or a knob has no kernel yet. */
export function needsKernelTrace(d: Diagnosis): boolean {
  return d.cause === 'unknown' || (isKnob(d) && d.origin.kernel === undefined && d.origin.phase !== 'initial-weights');
}

function isKnob(d: Diagnosis): boolean {
  return d.cause.startsWith('threads:') || d.cause.startsWith('environment:');
}
