import type { Diagnosis } from '../diagnosis/diagnose.js';
import { renderWhyLines } from './render-diagnosis.js';
import { renderPreconditionNote } from './render-precondition.js';
import { runOf } from '../invariants/run-key.js';
import type { CheckResult, ClaimOutcome } from '../check/run-check.js';
import { expectedVerdict, type ExpectedVerdicts } from '../invariants/expectations.js';
import { PLAIN, type Palette } from './palette.js';
import { renderTable } from './render-table.js';
import { getScenario } from '../scenario/scenario-registry.js';
import { renderSparkline } from './sparkline.js';
import type { CrossRuntimeOutcome } from '../invariants/cross-runtime.js';
import { renderEvidence } from '../invariants/render-evidence.js';
import type { UnavailableBackend } from '../check/check-set.js';
import { measureTensorGrowth, renderTensorGrowth } from '../invariants/tensor-growth.js';
import { runtimeIn } from '../runtimes/runtime-profiles.js';

/** The verdict table of `check`, then one block per claim that does not hold. */
export function renderCheckText(result: CheckResult, palette: Palette = PLAIN): string {
  const s = result.scenario;
  const release = result.tfjs === undefined ? '' : ` on tfjs ${result.tfjs}`;
  const lines = [`${s.scenario}${runtimeIn(result.runtime)}${release}: ${getScenario(s.scenario).describe(s)}`, ''];
  const rows: string[][] = [];
  const problems: string[] = [];
  for (const backend of result.backends) {
    if (backend.kind === 'unavailable') {
      rows.push(['(all)', backend.backend, 'not available', firstSentence(backend.reason)]);
      continue;
    }
    for (const outcome of backend.claims) {
      rows.push([
        outcome.claim,
        outcome.backend,
        verdictText(outcome, palette, expectedVerdict(result.expected, outcome.claim, { runtime: result.runtime, backend: outcome.backend })),
        evidenceOf(outcome),
      ]);
      if (outcome.kind === 'error') {
        problems.push(`${outcome.claim} on ${outcome.backend}: ${outcome.error.message}`, ...outcome.error.details.map((line) => `  ${line}`));
      }
    }
  }
  lines.push(renderTable(['claim', 'backend', 'verdict', 'evidence'], rows));
  const seededOnly = result.backends.flatMap((b) =>
    b.kind === 'ran' && b.claims.some((c) => c.kind === 'holds' && c.precondition !== undefined) ? [b.backend] : [],
  );
  if (seededOnly.length > 0) lines.push('', renderPreconditionNote(seededOnly));
  const why = result.backends.flatMap((b) => (b.kind === 'ran' ? b.claims : [])).flatMap((c) => (c.kind === 'violated' && c.diagnosis ? [whyLines(c)] : []));
  if (why.length > 0) lines.push('', ...why.flat());
  for (const backend of result.backends) {
    if (backend.kind !== 'ran' || backend.runs.size === 0) continue;
    const growth = [...backend.runs].map(([key, t]) => measureTensorGrowth(key, t));
    const curve = runOf(backend.runs, backend.backend);
    if (curve !== undefined) {
      const losses = curve.epochs.map((e) => e.loss);
      lines.push(
        '',
        `loss on ${backend.backend} (case 1, no resets): ${renderSparkline(losses)} ${losses[0]?.toPrecision(4)} → ${losses.at(-1)?.toPrecision(4)}`,
      );
    }
    lines.push('', `memory on ${backend.backend} (tf.memory().numTensors per epoch):`, ...renderTensorGrowth(growth).map((line) => `  ${line}`));
  }
  const judged = result.backends.flatMap((b) => (b.kind === 'ran' ? b.claims : []));
  const holding = judged.filter((c) => c.kind === 'holds').length;
  const asExpected = judged.filter(
    (c) => c.kind === 'violated' && expectedVerdict(result.expected, c.claim, { runtime: result.runtime, backend: c.backend }) === 'violated',
  ).length;
  lines.push(
    '',
    `${holding} of ${judged.length} claims hold${asExpected > 0 ? `, ${asExpected} violated as the config expects` : ''}${result.ok ? '.' : '; see above.'}`,
  );
  if (problems.length > 0) lines.push('', ...problems);
  return `${lines.join('\n')}\n`;
}

function crossVerdictText(kind: CrossRuntimeOutcome['kind'], expected: 'holds' | 'violated', palette: Palette): string {
  if (kind === 'inconclusive') return palette.bad('INCONCLUSIVE');
  if (kind === 'holds') return expected === 'holds' ? palette.good('holds') : palette.bad('holds (expected VIOLATED)');
  return expected === 'violated' ? palette.dim('VIOLATED (expected)') : palette.bad('VIOLATED');
}

function verdictText(outcome: ClaimOutcome, palette: Palette, expected: 'holds' | 'violated' = 'holds'): string {
  switch (outcome.kind) {
    case 'holds':
      return expected === 'holds' ? palette.good(outcome.precondition === undefined ? 'holds' : 'holds*') : palette.bad('holds (expected VIOLATED)');
    case 'violated':
      return expected === 'violated' ? palette.dim('VIOLATED (expected)') : palette.bad('VIOLATED');
    case 'inconclusive':
      return palette.bad('INCONCLUSIVE');
    case 'error':
      return palette.bad('ERROR');
  }
}

/** Under the table, for a violated claim: its cause and where it begins, the evidence, the fix. */
function whyLines(outcome: ClaimOutcome & { kind: 'violated'; diagnosis?: Diagnosis }): string[] {
  const d = outcome.diagnosis!;
  return renderWhyLines(`${outcome.claim} is violated on ${outcome.backend}`, d);
}

function evidenceOf(outcome: ClaimOutcome): string {
  return outcome.kind === 'error' ? `run failed: ${outcome.error.message.split('\n')[0]}` : renderEvidence(outcome);
}

/** The claims across runtimes, one row per compared pair. */
export function renderCrossRuntimeText(
  scenario: string,
  outcomes: readonly CrossRuntimeOutcome[],
  expected: ExpectedVerdicts = {},
  palette: Palette = PLAIN,
): string {
  if (outcomes.length === 0) return `${scenario} across runtimes: no backend ran in two runtimes\n`;
  const rows = outcomes.map((o) => [o.claim, `${o.a} vs ${o.b}`, crossVerdictText(o.kind, expectedVerdict(expected, o.claim), palette), o.evidence]);
  const holding = outcomes.filter((o) => o.kind === 'holds').length;
  return `${scenario} across runtimes (case 1, no resets):\n\n${renderTable(['claim', 'runs', 'verdict', 'evidence'], rows)}\n\n${holding} of ${outcomes.length} cross-runtime claims hold.\n`;
}

/**
 * What was asked for and could not run: excused ones as a note, the others as the reason the
 * command fails closed (exit 4), with the flag that would excuse them.
 */
export function renderUnavailableText(
  unavailable: readonly UnavailableBackend[],
  excuseSource: string,
  palette: Palette = PLAIN,
  command = 'the check',
): string {
  if (unavailable.length === 0) return '';
  const excused = unavailable.filter((u) => u.excusedBy !== undefined);
  const failing = unavailable.filter((u) => u.excusedBy === undefined);
  const lines: string[] = [];
  if (excused.length > 0) lines.push(`excused (${excuseSource}): ${excused.map((u) => `${label(u)} not available (${firstSentence(u.reason)})`).join('; ')}`);
  if (failing.length > 0) {
    lines.push(`${palette.bad('NOT AVAILABLE')}, so ${command} fails closed:`);
    for (const u of failing) lines.push(`  ${label(u)}: ${u.reason}`);
    lines.push(
      `Set up what is missing, or excuse it explicitly: --allow-unavailable ${failing.map((u) => `${u.runtime}/${u.backend}`).join(',')} (or the config's "optional" list).`,
    );
  }
  return `\n${lines.join('\n')}\n`;
}

function label(u: UnavailableBackend): string {
  return `${u.runtime}/${u.backend}${u.scenario === undefined ? '' : ` (${u.scenario})`}`;
}

/** A reason shortened to its first sentence, for a table cell or a one-line note (the full reason is printed where the command fails on it). */
export function firstSentence(text: string): string {
  return text.split('. ')[0] ?? text;
}
