import { scenarioCan } from '../scenario/scenario-registry.js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FIDELITY_BOUND } from '../fidelity/fidelity.js';
import type { CrossRuntimeOutcome } from '../invariants/cross-runtime.js';
import { KERAS_BOUND } from '../runtimes/keras/matches-keras.js';
import { deriveSeeds } from '../scenario/seeds.js';
import { generateSineData } from '../scenario/sine-data.js';
import type { LossPoint } from '../trajectory/trajectory.js';
import { CURVE_RUNS, type ReportClaim, type ReportResults } from '../check/report-results.js';

const WIDTH = 560;
const HEIGHT = 260;
const MUST_DIFFER = new Set(['reset-matters', 'seed-matters']);

/** Renders every plot of the report to SVG text, without a browser. File name → SVG. */
export async function renderReportPlots(results: ReportResults): Promise<Map<string, string>> {
  const plots = new Map<string, TopLevelSpec>();
  for (const b of results.backends) {
    if (!b.available) continue;
    plots.set(`loss-${b.backend}.svg`, lossPlot(b.backend, b.losses));
    plots.set(`ulp-${b.backend}.svg`, ulpPlot(b.backend, b.claims));
    if (scenarioCan(results.scenario.scenario, 'predictionCurve')) plots.set(`predictions-${b.backend}.svg`, predictionPlot(results, b.backend, b.predictions));
  }
  if (results.crossBackend.length > 0) plots.set('cross-backend.svg', crossBackendPlot(results));
  if (results.backends.some((b) => b.available && b.fidelity !== undefined)) plots.set('fidelity.svg', fidelityPlot(results));
  if (results.adadelta !== null) plots.set('adadelta.svg', adadeltaPlot(results.adadelta));
  const rendered = new Map<string, string>();
  for (const [name, spec] of plots) rendered.set(name, await toSvg(spec));
  return rendered;
}

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}

const base = (title: string, subtitle: string): Partial<TopLevelSpec> => ({
  width: WIDTH,
  height: HEIGHT,
  title: { text: title, subtitle, anchor: 'start' },
  background: 'white',
  config: { font: 'sans-serif', legend: { orient: 'right', labelLimit: 260 } },
});

function finite(points: readonly LossPoint[]) {
  return points.flatMap((p, i) => (p.loss !== null && p.loss > 0 ? [{ epoch: i + 1, loss: p.loss }] : []));
}

function lossPlot(backend: string, losses: Readonly<Partial<Record<(typeof CURVE_RUNS)[number], readonly LossPoint[]>>>): TopLevelSpec {
  const values = CURVE_RUNS.flatMap((run) =>
    finite(losses[run] ?? []).map((p) => ({
      ...p,
      case: run.startsWith('loop') ? 'case 1: N × fit(epochs=1)' : 'case 2: fit(epochs=N)',
      resets: run.endsWith('none') ? 'no resets' : 'resetStates() every epoch',
    })),
  );
  return {
    title: {
      text: `Loss per epoch on ${backend}`,
      subtitle: 'Case 2 (dashed) is drawn over case 1 (solid): where they coincide, the dashes lie on the line.',
      anchor: 'start',
    },
    background: 'white',
    config: { font: 'sans-serif', legend: { orient: 'bottom', labelLimit: 300 } },
    data: { values },
    facet: { column: { field: 'resets', type: 'nominal', title: null, sort: ['no resets', 'resetStates() every epoch'] } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: WIDTH / 2 - 20,
      height: HEIGHT,
      mark: { type: 'line' },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } },
        y: { field: 'loss', type: 'quantitative', title: 'loss (mse, log scale)', scale: { type: 'log', nice: false } },
        color: { field: 'case', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#ff7f0e'] } },
        strokeDash: {
          field: 'case',
          type: 'nominal',
          title: null,
          scale: {
            range: [
              [1, 0],
              [5, 4],
            ],
          },
        },
        strokeWidth: { field: 'case', type: 'ordinal', title: null, scale: { range: [4, 2] }, legend: null },
      },
    },
  } as TopLevelSpec;
}

function ulpPlot(backend: string, claims: readonly ReportClaim[]): TopLevelSpec {
  const values = claims.flatMap((c) =>
    c.ulpPerEpoch.flatMap((ulp, i) =>
      ulp === null ? [] : [{ epoch: i + 1, ulp, claim: c.claim, kind: MUST_DIFFER.has(c.claim) ? 'runs that must differ' : 'runs that must match' }],
    ),
  );
  const flat = claims.filter((c) => !MUST_DIFFER.has(c.claim) && c.ulpPerEpoch.length > 0 && c.ulpPerEpoch.every((u) => u === 0)).map((c) => c.claim);
  return {
    title: {
      text: `ULP distance per epoch between the two runs of each claim, on ${backend}`,
      subtitle:
        flat.length > 0
          ? `A flat line at 0 is the evidence of bitwise equality; all of ${flat.join(', ')} lie on it.`
          : 'A flat line at 0 would be the evidence of bitwise equality.',
      anchor: 'start',
    },
    background: 'white',
    config: { font: 'sans-serif', legend: { orient: 'bottom', labelLimit: 300, columns: 3 } },
    data: { values },
    facet: { column: { field: 'kind', type: 'nominal', title: null, sort: ['runs that must match', 'runs that must differ'] } },
    spec: {
      width: WIDTH / 2 - 20,
      height: HEIGHT,
      mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } },
        y: { field: 'ulp', type: 'quantitative', title: 'ULP distance of the epoch loss (symlog)', scale: { type: 'symlog' } },
        color: { field: 'claim', type: 'nominal', title: null },
        strokeDash: { field: 'claim', type: 'nominal', title: null },
      },
    },
  } as TopLevelSpec;
}

function predictionPlot(results: ReportResults, backend: string, predictions: readonly (number | null)[]): TopLevelSpec {
  const { scenario } = results;
  const data = generateSineData(scenario, deriveSeeds(scenario).data);
  const values: { t: number; value: number; series: string }[] = [];
  for (let i = 0; i < scenario.samples; i++) {
    const t = Number((i * scenario.step).toFixed(6));
    values.push({ t, value: data.x[i]!, series: 'noisy input x' }, { t, value: data.y[i]!, series: 'target sin(t)' });
    const p = predictions[i];
    if (p !== null && p !== undefined) values.push({ t, value: p, series: `prediction after ${scenario.epochs} epochs` });
  }
  return {
    ...base(`The seed's figure on ${backend}: noisy input, target and predictions`, `Case 1 without resets, seed ${scenario.seed}, ${scenario.optimizer}.`),
    data: { values },
    layer: [
      { transform: [{ filter: "datum.series === 'noisy input x'" }], mark: { type: 'point', size: 6, filled: true, opacity: 0.5 }, encoding: enc() },
      { transform: [{ filter: "datum.series !== 'noisy input x'" }], mark: { type: 'line', strokeWidth: 2 }, encoding: enc() },
    ],
  } as TopLevelSpec;

  function enc() {
    return {
      x: { field: 't', type: 'quantitative', title: 't' },
      y: { field: 'value', type: 'quantitative', title: 'value' },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#999999', '#2ca02c', '#d62728'] } },
    };
  }
}

function crossBackendPlot(results: ReportResults): TopLevelSpec {
  const values = results.crossBackend.flatMap((c) =>
    c.ulpPerEpoch.flatMap((ulp, i) => (ulp === null ? [] : [{ epoch: i + 1, ulp, pair: `${c.a} vs ${c.b}` }])),
  );
  return {
    ...base('Cross-backend distance per epoch (case 1, no resets)', 'The same seed and request; each backend initialises and trains with its own kernels.'),
    data: { values },
    mark: { type: 'line', point: { size: 12 } },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'ulp', type: 'quantitative', title: 'ULP distance of the epoch loss (symlog)', scale: { type: 'symlog' } },
      color: { field: 'pair', type: 'nominal', title: null },
    },
  } as TopLevelSpec;
}

/** matches-keras of one scenario: each tfjs backend against Keras on TensorFlow from its own start. */
export async function renderMatchesKerasPlot(outcomes: readonly CrossRuntimeOutcome[]): Promise<string> {
  const values = outcomes.flatMap((o) =>
    o.claim === 'matches-keras' && o.relPerEpoch !== undefined
      ? o.relPerEpoch.flatMap((rel, i) => (rel !== null && rel > 0 ? [{ epoch: i + 1, rel, run: `${o.a} vs Keras/TensorFlow` }] : []))
      : [],
  );
  return toSvg(
    relativeDistancePlot(
      'tfjs vs Keras 3 on TensorFlow, from the same initial weights and data (case 1, no resets)',
      `Relative distance of the epoch loss (epochs with equal losses are left out). The dashed rule is the bound (${KERAS_BOUND}).`,
      values,
      'run',
      KERAS_BOUND,
    ),
  );
}

function fidelityPlot(results: ReportResults): TopLevelSpec {
  const values = results.backends.flatMap((b) =>
    b.available && b.fidelity !== undefined
      ? b.fidelity.relPerEpoch.flatMap((rel, i) => (Number.isFinite(rel) && rel > 0 ? [{ epoch: i + 1, rel, backend: b.backend }] : []))
      : [],
  );
  return relativeDistancePlot(
    'Each backend vs the independent float64 reference (case 1, no resets)',
    `Relative distance of the epoch loss; both start from the run's own initial weights. The dashed rule is the bound (${FIDELITY_BOUND}).`,
    values,
    'backend',
    FIDELITY_BOUND,
  );
}

/** Relative distance per epoch on a log scale, one line per value of `seriesField`, with the bound as a dashed rule. */
function relativeDistancePlot(
  title: string,
  subtitle: string,
  values: readonly ({ epoch: number; rel: number } & Record<string, unknown>)[],
  seriesField: string,
  bound: number,
): TopLevelSpec {
  return {
    ...base(title, subtitle),
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 12 } },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } },
          y: { field: 'rel', type: 'quantitative', title: 'relative distance (log scale)', scale: { type: 'log' } },
          color: { field: seriesField, type: 'nominal', title: null },
        },
      },
      {
        data: { values: [{ bound }] },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#d62728' },
        encoding: { y: { field: 'bound', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

function adadeltaPlot(a: NonNullable<ReportResults['adadelta']>): TopLevelSpec {
  const values = [
    ...finite(a.keras).map((p) => ({ ...p, optimizer: 'adadelta (Keras/TF)' })),
    ...finite(a.tfjs).map((p) => ({ ...p, optimizer: 'adadelta-tfjs (tfjs 4.22)' })),
  ];
  return {
    ...base(
      `Adadelta: Keras's formula vs tfjs's, on ${a.backend}`,
      'Same data, weights and hyper-parameters (lr 1.0, rho 0.95, epsilon 1e-8); only the update formula differs.',
    ),
    data: { values },
    mark: { type: 'line', point: { size: 16 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'loss (mse, log scale)', scale: { type: 'log', nice: false } },
      color: { field: 'optimizer', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#d62728'] } },
    },
  } as TopLevelSpec;
}
