import { getScenario } from '../scenario/scenario-registry.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/**
 * tfjs-layers keeps every batch's stateful RNN state tensors alive while states are not reset:
 * 2 (h and c) per LSTM layer per batch, i.e. 40 tensors an epoch for the seed model. Measured in
 * tfjs 4.22.0 (docs/design.md, fact 5); no open upstream issue was found (related: tensorflow/tfjs#858).
 */
export const KNOWN_LEAK = 'tfjs-layers keeps stateful LSTM state tensors of every batch until resetStates() (related: tensorflow/tfjs#858)';

export interface TensorGrowth {
  readonly run: string;
  /** Tensors added per epoch between the first and the last epoch. */
  readonly perEpoch: number;
  /** What tfjs 4.22's known behaviour predicts for this run. */
  readonly expected: number;
  readonly verdict: 'none' | 'known-leak' | 'unexpected';
}

export function measureTensorGrowth(run: string, t: Trajectory): TensorGrowth {
  const { epochs, request } = t;
  const perEpoch = epochs.length < 2 ? 0 : (epochs.at(-1)!.numTensors - epochs[0]!.numTensors) / (epochs.length - 1);
  const batchesPerEpoch = request.scenario.samples / request.scenario.batchSize;
  const stateful = getScenario(request.scenario.scenario).stateful;
  const expected = stateful && request.reset === 'none' ? 2 * request.scenario.layers * batchesPerEpoch : 0;
  const verdict = perEpoch === 0 ? 'none' : perEpoch === expected ? 'known-leak' : 'unexpected';
  return { run, perEpoch, expected, verdict };
}

/** One line per distinct outcome, e.g. `+40 tensors/epoch without resets: the known leak (…)`. */
export function renderTensorGrowth(growth: readonly TensorGrowth[]): string[] {
  const lines: string[] = [];
  const leaks = growth.filter((g) => g.verdict === 'known-leak');
  if (leaks.length > 0) {
    const sizes = [...new Set(leaks.map((g) => g.perEpoch))].join(', ');
    lines.push(`+${sizes} tensors/epoch in ${leaks.length} run(s) without resets: expected, ${KNOWN_LEAK}`);
  }
  const flat = growth.filter((g) => g.verdict === 'none');
  if (flat.length > 0) lines.push(`no growth in ${flat.length} run(s)${leaks.length > 0 ? ' (resets free the states)' : ''}`);
  for (const g of growth.filter((x) => x.verdict === 'unexpected')) {
    lines.push(`UNEXPECTED: ${g.run} grows by ${g.perEpoch} tensors/epoch (expected ${g.expected})`);
  }
  return lines;
}
