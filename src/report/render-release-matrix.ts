import type { CheckResult } from '../check/check-result.js';
import { runtimePrefix } from '../runtimes/runtime-profiles.js';
import { renderTable } from './render-table.js';
import { renderDivergenceWhere } from '../invariants/render-divergence.js';
import { compareTrajectories } from '../compare/compare-trajectories.js';
import { runOf } from '../invariants/run-key.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/** One claim in one place (scenario, runtime, backend), with its verdict on each tfjs release. */
export interface ReleaseRow {
  readonly scenario: string;
  readonly runtime: string;
  readonly backend: string;
  readonly claim: string;
  /** Per release: `holds`, `violated`, `inconclusive`, `error`, or `not available` (the backend could not run it there). */
  readonly verdicts: Readonly<Record<string, string>>;
}

/** The version × claim matrix of a check over several releases (`check --tfjs A,B`): a row per claim and place, a column per release. */
export function releaseMatrix(checks: readonly CheckResult[], releases: readonly string[]): ReleaseRow[] {
  const rows = new Map<string, { scenario: string; runtime: string; backend: string; claim: string; verdicts: Record<string, string> }>();
  const rowOf = (scenario: string, runtime: string, backend: string, claim: string) => {
    const key = `${scenario}\u0000${runtime}\u0000${backend}\u0000${claim}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { scenario, runtime, backend, claim, verdicts: {} };
      rows.set(key, row);
    }
    return row;
  };
  // The numbers of each place's base run (case 1, no resets), against the first release that ran it there.
  const firstBase = new Map<string, { readonly release: string; readonly run: Trajectory }>();
  for (const check of checks) {
    if (check.tfjs === undefined || !releases.includes(check.tfjs)) continue;
    for (const backend of check.backends) {
      if (backend.kind === 'unavailable') {
        rowOf(check.scenario.scenario, check.runtime, backend.backend, '(all)').verdicts[check.tfjs] = 'not available';
        continue;
      }
      for (const claim of backend.claims) rowOf(check.scenario.scenario, check.runtime, backend.backend, claim.claim).verdicts[check.tfjs] = claim.kind;
      const base = runOf(backend.runs, backend.backend);
      if (base === undefined) continue;
      const place = `${check.scenario.scenario}\u0000${check.runtime}\u0000${backend.backend}`;
      const first = firstBase.get(place);
      if (first === undefined) firstBase.set(place, { release: check.tfjs, run: base });
      rowOf(check.scenario.scenario, check.runtime, backend.backend, NUMBERS).verdicts[check.tfjs] =
        first === undefined ? 'reference' : numbersAgainst(first, base);
    }
  }
  return [...rows.values()];
}

/** The claim column's name for the row that compares numbers across releases. */
export const NUMBERS = 'numbers (case 1, no resets)';

function numbersAgainst(first: { readonly release: string; readonly run: Trajectory }, run: Trajectory): string {
  const comparison = compareTrajectories(first.run, run);
  if (comparison.kind === 'identical') return `= ${first.release}`;
  if (comparison.kind === 'incomparable') return `≠ ${first.release} (${comparison.reason})`;
  const { first: at } = comparison;
  return `≠ ${first.release} from ${renderDivergenceWhere(at)} (${at.ulp} ULP)`;
}

/** The matrix as text: a line saying where verdicts differ between releases, then the table. */
export function renderReleaseMatrix(checks: readonly CheckResult[], releases: readonly string[]): string {
  const rows = releaseMatrix(checks, releases);
  const changed = rows.filter((r) =>
    r.claim === NUMBERS ? releases.some((v) => r.verdicts[v]?.startsWith('≠')) : new Set(releases.map((v) => r.verdicts[v] ?? '-')).size > 1,
  );
  const table = renderTable(
    ['scenario', 'where', 'claim', ...releases.map((v) => `tfjs ${v}`)],
    rows.map((r) => [r.scenario, `${runtimePrefix(r.runtime)}${r.backend}`, r.claim, ...releases.map((v) => r.verdicts[v] ?? '-')]),
  );
  const summary =
    changed.length === 0
      ? `Every verdict and every base run's numbers are the same on tfjs ${releases.join(', ')}.`
      : `Releases differ in ${changed.length} row(s): ${changed.map((r) => `${r.claim} on ${runtimePrefix(r.runtime)}${r.backend} (${r.scenario})`).join('; ')}.`;
  return `By tfjs release:\n\n${table}\n\n${summary}\n`;
}
