import type { Divergence } from '../compare/compare-trajectories.js';
import type { EnvVariation } from '../invariants/env-variations.js';
import { hexToBits, ulpDistance } from '../trajectory/float32.js';
import type { NamedWeight } from '../trajectory/run-request.js';
import type { TracePhase } from '../trajectory/kernel-trace.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { CAUSES, type Cause } from './causes.js';

/*
 * The runs' own records prove the first rungs: initial weights (recorded whole), each batch's
 * data (digests, in order and per epoch in any order), the environment or thread knob that a
 * check's isolation runs name, and resets that change nothing. Past a batch boundary, two replays
 * with a kernel trace name the rest (random-op, nondeterministic-kernel, optimizer, state): see
 * diagnose-kernels.ts. Each cause's fix is worded once, in causes.ts.
 */
export type { Cause } from './causes.js';

export interface Diagnosis {
  readonly cause: Cause;
  /** Where it begins: before training (`initial-weights`), or the first batch whose loss differs. */
  readonly origin: {
    readonly epoch: number;
    readonly batch: number;
    readonly phase?: 'initial-weights' | 'data' | 'state' | TracePhase;
    /** From a kernel trace: the first kernel whose output differs, and the layer that ran it. */
    readonly kernel?: string;
    readonly layer?: string;
    readonly tensor?: string;
    readonly ulps?: number;
  };
  readonly evidence: string;
  /** One sentence a user can act on. */
  readonly fix: string;
}

/** A variation a check ran alone that changed the numbers, and which set it belongs to. */
export interface Culprit {
  readonly variation: EnvVariation & { readonly remedy?: string };
  readonly set: 'varied' | 'threads';
}

/**
 * Why resetting a stateful model's states changed nothing (reset-matters violated): the runs with
 * and without resets are bitwise identical, so the state entering a batch never mattered: the
 * layer keeps no state through fit, or resets it anyway.
 */
export function diagnoseStateless(epochs: number, batches: number): Diagnosis {
  return {
    cause: 'state',
    origin: { epoch: 2, batch: 1 },
    evidence: `the runs with and without resets are bitwise identical over ${epochs} epochs × ${batches} batches: the state entering each batch after a reset is the state without one`,
    fix: CAUSES.state.fix['never-matters'](),
  };
}

/**
 * The cause of a difference between two runs of one request (`a` and `b`): the environment or
 * thread knob a check isolated, else initial weights that differ, else unknown at the first
 * divergence. `culprits`: the variations that changed the numbers when run alone.
 */
export function diagnose(a: Trajectory, b: Trajectory, divergence: Divergence | undefined, culprits: readonly Culprit[] = []): Diagnosis {
  // Where only an epoch's end-of-epoch weights differ (every loss equal), the latest batch whose
  // update can have made them differ is that epoch's last: as far as a replay traces.
  const first = {
    epoch: divergence?.epoch ?? 1,
    batch: divergence?.batch ?? (divergence === undefined ? 1 : Math.max(1, a.batches.filter((b) => b.epoch === divergence.epoch).length)),
  };
  const seen =
    divergence !== undefined && divergence.batch === undefined
      ? `the weights part at the end of epoch ${first.epoch} (every loss up to there equal)`
      : `the losses part at epoch ${first.epoch} batch ${first.batch}`;
  const [culprit] = culprits;
  if (culprit !== undefined) return fromCulprit(culprit, first);
  const weights = differingWeights(a.initialWeights ?? [], b.initialWeights ?? []);
  if (weights.length > 0) {
    const [head] = weights;
    return {
      cause: 'unseeded-initializer',
      origin: { epoch: 0, batch: 0, phase: 'initial-weights', tensor: head!.name, ulps: head!.ulps },
      evidence: `the initial weights differ before any training: ${weights.length} of ${(a.initialWeights ?? []).length} tensors (${weights
        .map((w) => w.name)
        .join(', ')}; ${head!.name} by up to ${head!.ulps} ULP)`,
      fix: CAUSES['unseeded-initializer'].fix.runs(),
    };
  }
  const data = dataDiagnosis(a, b, divergence === undefined ? undefined : first);
  if (data !== undefined) return data;
  const sameData = a.capture !== undefined && b.capture !== undefined ? ', and so is every batch of data up to there' : '';
  return {
    cause: 'unknown',
    origin: first,
    evidence: `the initial weights are bitwise equal${sameData}; ${seen}, and nothing the runs record tells why`,
    fix: CAUSES.unknown.fix.runs(),
  };
}

/**
 * The first batch whose data differs, when it comes no later than the first loss that differs:
 * `data-order` when the epoch saw the same samples (in other batches), `data` otherwise.
 */
function dataDiagnosis(a: Trajectory, b: Trajectory, first: { epoch: number; batch: number } | undefined): Diagnosis | undefined {
  const [ca, cb] = [a.capture, b.capture];
  if (ca === undefined || cb === undefined) return undefined;
  const index = ca.batchData.findIndex((digest, i) => digest !== cb.batchData[i]);
  const at = a.batches[index];
  if (index < 0 || at === undefined) return undefined;
  if (first !== undefined && (at.epoch > first.epoch || (at.epoch === first.epoch && at.batch > first.batch))) return undefined;
  const origin = { epoch: at.epoch, batch: at.batch, phase: 'data' as const };
  if (ca.epochSamples[at.epoch - 1] === cb.epochSamples[at.epoch - 1])
    return {
      cause: 'data-order',
      origin,
      evidence: `batch ${at.batch} of epoch ${at.epoch} holds other samples in one run than in the other, while the epoch's samples are the same: the same data in another order`,
      fix: CAUSES['data-order'].fix.runs(),
    };
  return {
    cause: 'data',
    origin,
    evidence: `the inputs or targets of batch ${at.batch} of epoch ${at.epoch} differ between the runs, and so do the epoch's samples: they trained on other data`,
    fix: CAUSES.data.fix.runs(),
  };
}

function fromCulprit({ variation, set }: Culprit, first: { epoch: number; batch: number }): Diagnosis {
  const knob = Object.keys(variation.options.env ?? {})[0] ?? variation.name;
  if (set === 'threads')
    return {
      cause: `threads:${knob}`,
      origin: first,
      evidence: `run alone, ${variation.description} changes the numbers from epoch ${first.epoch} batch ${first.batch}`,
      fix: CAUSES.threads.fix.runs({ remedy: variation.remedy ?? `${knob} to one value` }),
    };
  return {
    cause: `environment:${knob}`,
    origin: first,
    evidence: `run alone, ${variation.description} changes the numbers from epoch ${first.epoch} batch ${first.batch}`,
    fix: CAUSES.environment.fix.runs({ knob }),
  };
}

/** Named weights whose bits differ, with the largest ULP distance in each; in model order. */
export function differingWeights(a: readonly NamedWeight[], b: readonly NamedWeight[]): { name: string; ulps: number }[] {
  const other = new Map(b.map((w) => [w.name, w]));
  const found: { name: string; ulps: number }[] = [];
  for (const weight of a) {
    const twin = other.get(weight.name);
    if (twin === undefined || twin.bits.length !== weight.bits.length) {
      found.push({ name: weight.name, ulps: Number.POSITIVE_INFINITY });
      continue;
    }
    let ulps = 0;
    weight.bits.forEach((bits, i) => {
      if (bits !== twin.bits[i]) ulps = Math.max(ulps, ulpDistance(hexToBits(bits), hexToBits(twin.bits[i]!)));
    });
    if (ulps > 0) found.push({ name: weight.name, ulps });
  }
  return found;
}
