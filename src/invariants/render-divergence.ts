import type { Divergence, DivergencePlace } from '../compare/compare-trajectories.js';

/** `epoch 3 batch 7: 0.48113573 (3ef6574a) vs 0.48113567 (3ef65749), 1 ULP` */
export function renderDivergence(d: Divergence): string {
  if (d.series === 'weights') return renderDivergenceWhere(d);
  return `${renderDivergenceWhere(d)}: ${formatFloat32(d.a)} (${d.aBits}) vs ${formatFloat32(d.b)} (${d.bBits}), ${d.ulp} ULP`;
}

/** Where two runs part: `epoch 3 batch 7`, `epoch 3 loss` or `epoch 3 weights (digests differ, losses equal)`. */
export function renderDivergenceWhere(d: DivergencePlace): string {
  if (d.series === 'weights') return `epoch ${d.epoch} weights (digests differ, losses equal)`;
  return d.batch === undefined ? `epoch ${d.epoch} loss` : `epoch ${d.epoch} batch ${d.batch}`;
}

/** Enough significant digits (9) to tell any two float32 values apart. */
export function formatFloat32(value: number): string {
  return Number.isFinite(value) ? Number(value.toPrecision(9)).toString() : String(value);
}
