import { expectedVerdict } from '../invariants/expectations.js';
import { CLAIMS } from '../invariants/claims.js';
import { backendsOfClaim, runtimeNamed } from '../runtimes/registry.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { PLAIN, type Palette } from './palette.js';
import type { ReportResults } from '../check/report-results.js';
import { renderSparkline } from './sparkline.js';
import { renderTable } from './render-table.js';

/** The guarantee matrix as a terminal table, with a sparkline of each backend's loss curve. */
export function renderReportTerminal(results: ReportResults, palette: Palette = PLAIN): string {
  const rows = CLAIMS.map((claim) => [
    claim.name,
    ...results.backends.map(({ backend: name }) => {
      const b = results.backends.find((x) => x.backend === name);
      if (b === undefined) return palette.dim('not checked');
      if (!b.available) return palette.dim('not available');
      const verdict = b.claims.find((c) => c.claim === claim.name)?.verdict;
      const only = backendsOfClaim(claim);
      const elsewhere =
        (only !== undefined && !only.includes(name as BackendName)) ||
        (claim.runs[1].mathRandom === 'native' && !runtimeNamed(results.runtime).capabilities.seedsMathRandom);
      if (verdict === undefined) return palette.dim(elsewhere || (claim.requiresState && !results.stateful) ? 'not applicable' : 'not checked');
      const expected = expectedVerdict(results.expected, claim.name, { runtime: results.runtime, backend: name });
      if (verdict === 'violated' && expected === 'violated') return palette.dim('VIOLATED (expected)');
      const precondition = b.claims.find((c) => c.claim === claim.name)?.precondition;
      if (verdict === 'holds' && expected !== 'violated') return palette.good(precondition === undefined ? 'holds' : 'holds*');
      return palette.bad(verdict.toUpperCase());
    }),
  ]);
  const lines = [renderTable(['claim', ...results.backends.map((b) => b.backend)], rows), ''];
  for (const b of results.backends) {
    if (!b.available) continue;
    const losses = (b.losses['loop/reset=none'] ?? []).map((p) => p.loss);
    const [first, last] = [losses[0], losses.at(-1)];
    lines.push(`${b.backend.padEnd(10)} loss ${renderSparkline(losses)} ${first?.toPrecision(4)} → ${last?.toPrecision(4)}`);
  }
  return `${lines.join('\n')}\n`;
}
