import type { OptimizerName } from '../scenario/config.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { float64Of, referenceWeightsOf, type ExportBundle } from './export-bundle.js';
import { trainReference } from './reference-trainer.js';
import { FIDELITY_BOUND } from './fidelity-bound.js';

export { FIDELITY_BOUND } from './fidelity-bound.js';

export interface FidelityComparison {
  /** The optimizer the backend ran. */
  readonly ran: OptimizerName;
  /** The update formula the reference followed. */
  readonly reference: OptimizerName;
  /** Relative distance of the backend's epoch loss from the reference's, per epoch. */
  readonly relPerEpoch: readonly number[];
  /** The same for the first batches (batch 1 is before any update, so it shows the forward pass alone). */
  readonly relFirstBatches: readonly number[];
  readonly maxRel: number;
  /** The first batch (1-based, over the whole run) whose distance exceeds the bound, if any. */
  readonly firstBatchBeyond: number | null;
  readonly matches: boolean;
}

/** Trains the reference from the run's own initial weights and data and measures the distance. */
export function compareWithReference(
  run: Pick<Trajectory, 'request' | 'epochs' | 'batches' | 'initialWeights'>,
  data: ExportBundle['data'],
  reference: OptimizerName,
  epochs = run.epochs.length,
): FidelityComparison {
  const { scenario } = run.request;
  const trained = trainReference({
    weights: referenceWeightsOf(run.initialWeights ?? []),
    x: float64Of(data.x.bits),
    y: float64Of(data.y.bits),
    batchSize: scenario.batchSize,
    epochs,
    optimizer: reference,
    learningRate: scenario.learningRate,
    reset: run.request.reset,
  });
  const rel = (a: number | null, b: number): number => (a === null ? Number.POSITIVE_INFINITY : Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE));
  const relPerEpoch = trained.epochLosses.map((loss, i) => rel(run.epochs[i]!.loss, loss));
  const relBatches = trained.batchLosses.map((loss, i) => rel(run.batches[i]!.loss, loss));
  const beyond = relBatches.findIndex((r) => !(r <= FIDELITY_BOUND));
  const maxRel = Math.max(...relPerEpoch);
  return {
    ran: scenario.optimizer,
    reference,
    relPerEpoch,
    relFirstBatches: relBatches.slice(0, 3),
    maxRel,
    firstBatchBeyond: beyond === -1 ? null : beyond + 1,
    matches: maxRel <= FIDELITY_BOUND,
  };
}
