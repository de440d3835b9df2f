import type { Comparison } from '../compare/compare-trajectories.js';
import { renderDivergence } from '../invariants/render-divergence.js';
import { divergenceJson } from './render-check-json.js';

export function renderCompareText(c: Comparison, tolerance: string, files: readonly [string, string]): string {
  const head = `${files[0]} vs ${files[1]} (tolerance ${tolerance}): `;
  switch (c.kind) {
    case 'identical':
      return `${head}identical (${c.points} values, bitwise)\n`;
    case 'within-tolerance':
      return `${head}within tolerance; first difference at ${renderDivergence(c.first)}; max ${c.max.ulp} ULP, abs ${c.max.abs.toExponential(2)}, rel ${c.max.rel.toExponential(2)}\n`;
    case 'different':
      return `${head}DIFFERENT at ${c.count} of ${c.points} values\n  first divergence: ${renderDivergence(c.first)}\n  max: ${c.max.ulp} ULP, abs ${c.max.abs.toExponential(2)}, rel ${c.max.rel.toExponential(2)}\n`;
    case 'incomparable':
      return `${head}INCOMPARABLE: ${c.reason}\n`;
  }
}

export function renderCompareJson(c: Comparison, tolerance: string): object {
  const base = { format: 'tfjs-repro/compare', version: 1, tolerance, verdict: c.kind };
  switch (c.kind) {
    case 'identical':
      return { ...base, points: c.points };
    case 'within-tolerance':
      return { ...base, points: c.points, max: c.max, firstDivergence: divergenceJson(c.first) };
    case 'different':
      return { ...base, points: c.points, count: c.count, max: c.max, firstDivergence: divergenceJson(c.first) };
    case 'incomparable':
      return { ...base, reason: c.reason };
  }
}
