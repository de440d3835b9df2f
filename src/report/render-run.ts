import { formatFloat32 } from '../invariants/render-divergence.js';
import { hexToFloat32 } from '../trajectory/float32.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { renderTable } from './render-table.js';

/** Human summary of one run: per-epoch loss (decimal and hex), weight digest, tensor count. */
export function renderRunText(t: Trajectory): string {
  const { request: r, provenance: p } = t;
  const rows = t.epochs.map((e, i) => [String(e.epoch), formatFloat32(hexToFloat32(e.lossBits)), e.lossBits, t.weightDigests[i] ?? '', String(e.numTensors)]);
  return [
    `${r.scenario.scenario} on ${r.backend}: case ${r.case}, reset ${r.reset}, seed ${r.scenario.seed}, ${r.scenario.optimizer}`,
    `tfjs ${p.packages['@tensorflow/tfjs-core'] ?? '?'}, node ${p.node}, ${p.platform}/${p.arch}`,
    '',
    renderTable(['epoch', 'loss', 'bits', 'weights', 'tensors'], rows),
    '',
    `${t.batches.length} batch losses recorded; ${t.timings.msPerEpoch.toFixed(1)} ms per epoch, start-up ${t.timings.startupMs.toFixed(0)} ms.`,
    '',
  ].join('\n');
}
