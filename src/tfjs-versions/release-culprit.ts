import type { Divergence } from '../compare/compare-trajectories.js';
import { ranAt, type TraceDifference } from '../diagnosis/locate-origin.js';
import { TFJS_BACKEND_PACKAGES } from '../runtimes/shared/tfjs-backends.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/** Where two releases' trainings part, kernel by kernel, and the package that holds the change (bisect, the release atlas). */
export interface Culprit {
  readonly where: string;
  readonly package: string;
  readonly difference: TraceDifference['kind'];
}

/** The package a kernel-level difference points at: a kernel's own outputs are its backend's; another sequence of kernels is core's or layers'. */
export function culpritOf(difference: TraceDifference, backend: string, first: Divergence, weights: readonly string[] = []): Culprit {
  const backendPackage = TFJS_BACKEND_PACKAGES[backend] ?? `the ${backend} backend`;
  switch (difference.kind) {
    case 'origin': {
      const e = difference.entry;
      return {
        difference: difference.kind,
        where: `${e.kernel}${e.layer === undefined ? '' : ` in layer ${e.layer}`} (${e.phase}) at epoch ${e.epoch} batch ${e.batch} gives other outputs from the same inputs: the kernel's implementation changed`,
        package: backendPackage,
      };
    }
    case 'input': {
      const e = difference.entry;
      return {
        difference: difference.kind,
        where: `input ${difference.input} of ${e.kernel}${e.layer === undefined ? '' : ` in layer ${e.layer}`} differs before any kernel of the step did: a tensor made before training (the initial weights or a constant) changed${weights.length === 0 ? '' : `; the initial weights that differ: ${weights.join(', ')} (same seeds: the seeded initializers draw other numbers)`}`,
        package: '@tensorflow/tfjs-layers (initializers) or @tensorflow/tfjs-core (random ops)',
      };
    }
    case 'control-flow':
      return {
        difference: difference.kind,
        where: `the training step runs other kernels: ${ranAt(difference.b)} where the good release ran ${ranAt(difference.a)}`,
        package: '@tensorflow/tfjs-core or @tensorflow/tfjs-layers (the ops or layers that call the kernels)',
      };
    case 'none':
      return {
        difference: difference.kind,
        where: `every kernel up to epoch ${first.epoch} batch ${first.batch ?? 1} (${difference.entries}) gives the same outputs on both: the change is outside the traced steps`,
        package: 'not known from the trace',
      };
  }
}

/** The names of the initial weights two runs do not share bit for bit. */
export function changedWeights(a: Trajectory, b: Trajectory): string[] {
  if (a.initialWeights === undefined || b.initialWeights === undefined) return [];
  return a.initialWeights
    .filter((w) => {
      const other = b.initialWeights!.find((x) => x.name === w.name);
      return other === undefined || other.bits.length !== w.bits.length || other.bits.some((bit, i) => bit !== w.bits[i]);
    })
    .map((w) => w.name);
}
