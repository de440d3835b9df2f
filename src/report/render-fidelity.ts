import { firstSentence } from './render-check-text.js';
import type { FidelityComparison } from '../fidelity/fidelity.js';
import { FIDELITY_BOUND, KERAS_BOUND, type FidelityResult, type KerasOutcome } from '../fidelity/run-fidelity.js';
import { renderTable } from './render-table.js';

const FORMULA_LABEL: Readonly<Record<string, string>> = {
  adadelta: 'adadelta (Keras formula)',
  'adadelta-tfjs': 'adadelta-tfjs (tfjs formula)',
  sgd: 'sgd',
  adam: 'adam (tfjs formula)',
};

/** The per-epoch distance table of `fidelity`, then the matches-reference verdict per backend. */
export function renderFidelityText(result: FidelityResult): string {
  const outcomes = result.backends;
  const rows: [string, FidelityComparison][] = [];
  const verdicts: string[] = [];
  for (const o of outcomes) {
    if (o.kind === 'unavailable') {
      verdicts.push(`${o.backend}: not available (${firstSentence(o.reason)})`);
      continue;
    }
    for (const c of o.comparisons) rows.push([o.backend, c]);
    verdicts.push(
      `matches-reference on ${o.backend}: ${o.holds ? 'holds' : 'VIOLATED'} (max relative distance ${o.comparisons[0]!.maxRel.toExponential(2)}, bound ${FIDELITY_BOUND})`,
    );
  }
  const sameStart = result.sameStart.map((c) => {
    const ulps = c.ulpPerEpoch.filter((u): u is number => u !== null);
    const rel = c.relPerEpoch.filter((r): r is number => r !== null);
    return c.identical
      ? `${c.a} vs ${c.b} from the same initial weights: bitwise identical over ${ulps.length} epochs`
      : `${c.a} vs ${c.b} from the same initial weights: ${c.ulpPerEpoch[0]} ULP at epoch 1, max ${Math.max(...ulps)} ULP, max relative ${Math.max(...rel).toExponential(2)} over ${ulps.length} epochs`;
  });
  return `${renderComparisonTable(rows)}\n${[...verdicts, ...sameStart, ...renderKerasLines(result.keras)].join('\n')}\n`;
}

/** matches-keras per tfjs backend, with the distances at epochs 1, 2, 10 and the last; then where stock Adadelta leaves Keras. */
function renderKerasLines(keras: KerasOutcome | undefined): string[] {
  if (keras === undefined) return [];
  if ('unavailable' in keras) return [`matches-keras: not available (${keras.unavailable})`];
  const at = (rel: readonly (number | null)[], epoch: number) => (rel[epoch - 1] === undefined ? '–' : (rel[epoch - 1]?.toExponential(2) ?? 'NaN'));
  const lines = keras.comparisons.map(
    (c) =>
      `matches-keras on ${c.backend}: ${c.matches ? 'holds' : 'VIOLATED'} against Keras on TensorFlow from the same initial weights and data (relative distance: epoch 1 ${at(c.relPerEpoch, 1)}, 2 ${at(c.relPerEpoch, 2)}, 10 ${at(c.relPerEpoch, 10)}, last ${at(c.relPerEpoch, c.relPerEpoch.length)}; max ${c.maxRel.toExponential(2)}, bound ${KERAS_BOUND})`,
  );
  if (keras.stockAdadelta !== undefined) {
    const { relFirstBatches, firstBatchBeyond } = keras.stockAdadelta;
    lines.push(
      `tfjs's stock Adadelta against Keras's from the same start: batches 1–3 ${relFirstBatches.map((r) => r.toExponential(2)).join(', ')}; ${firstBatchBeyond === null ? 'never beyond the bound' : `beyond the bound from batch ${firstBatchBeyond}`}`,
    );
  }
  return lines;
}

/** One row per (backend, comparison): the distances at batch 1 and 2, epoch 1, the last epoch, the max. */
export function renderComparisonTable(rows: readonly (readonly [string, FidelityComparison])[]): string {
  return `${renderTable(
    ['backend', 'ran', 'float64 reference', 'batch 1', 'batch 2', 'epoch 1', 'last epoch', 'max', 'verdict'],
    rows.map(([backend, c]) => comparisonRow(backend, c)),
  )}\n`;
}

function comparisonRow(backend: string, c: FidelityComparison): string[] {
  const e = (x: number | undefined) => (x === undefined ? '—' : x.toExponential(2));
  const verdict = c.matches
    ? `matches (≤ ${FIDELITY_BOUND})`
    : `departs at batch ${c.firstBatchBeyond}${c.firstBatchBeyond === 2 ? ' (after the first step)' : ''}`;
  return [
    backend,
    c.ran,
    FORMULA_LABEL[c.reference] ?? c.reference,
    e(c.relFirstBatches[0]),
    e(c.relFirstBatches[1]),
    e(c.relPerEpoch[0]),
    `${e(c.relPerEpoch.at(-1))} (epoch ${c.relPerEpoch.length})`,
    e(c.maxRel),
    verdict,
  ];
}
