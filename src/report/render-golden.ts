import path from 'node:path';
import { renderTable } from './render-table.js';
import { firstSentence } from './render-check-text.js';
import { diagnoseDrift } from '../diagnosis/diagnose-drift.js';
import { renderProvenanceChange } from '../trajectory/provenance-change.js';
import { renderDiagnosis } from './render-diagnosis.js';
import { renderGoldenPreconditionNote } from './render-precondition.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { GoldenCheckResult, GoldenFileOutcome } from '../golden/check-goldens.js';
import type { GoldenUpdate } from '../golden/update-goldens.js';
import { renderDivergence } from '../invariants/render-divergence.js';
import { diagnosisJson, divergenceJson } from './render-check-json.js';
import { PLAIN, type Palette } from './palette.js';

export function renderGoldenCheckText(result: GoldenCheckResult, palette: Palette = PLAIN): string {
  const lines: string[] = [];
  for (const outcome of result.files) lines.push(...renderOutcome(outcome, palette));
  const count = (kind: string): number => result.files.filter((f) => (f.kind === 'checked' ? f.verdict : f.kind) === kind).length;
  const unavailable = result.files.filter((f) => f.kind === 'unavailable');
  const excused = unavailable.filter((f) => f.excusedBy !== undefined);
  const excusedText =
    excused.length > 0 ? ` (${excused.length} excused by ${result.excuseSource}: ${[...new Set(excused.map((f) => f.excusedBy))].join(', ')})` : '';
  lines.push(
    '',
    `${result.files.length} golden file(s): ${count('identical')} identical, ${count('within-budget')} within budget, ${count('drifted')} drifted, ${count('invalid')} invalid, ${count('failed')} failed, ${unavailable.length} not available${excusedText}.`,
  );
  const unexcused = unavailable.filter((f) => f.excusedBy === undefined);
  if (unexcused.length > 0) {
    const labels = [...new Set(unexcused.map((f) => `${f.runtime}/${f.backend}`))];
    lines.push(
      `The gate fails closed: ${unexcused.length} golden(s) could not be re-run here (${labels.join(', ')}). Set up what each line above names, or excuse it explicitly with \`--allow-unavailable ${labels.join(',')}\` (or the config's "optional" list).`,
    );
  }
  if (result.files.some((f) => f.kind === 'checked' && f.precondition !== undefined)) lines.push(renderGoldenPreconditionNote());
  if (result.files.some((f) => f.kind === 'invalid' || f.kind === 'failed' || (f.kind === 'checked' && f.verdict === 'drifted')))
    lines.push('The gate fails. If the change is intended, regenerate with `tfjs-repro golden update --reason "…"` and commit the files with that reason.');
  return `${lines.join('\n')}\n`;
}

function renderOutcome(outcome: GoldenFileOutcome, palette: Palette): string[] {
  switch (outcome.kind) {
    case 'invalid':
      return [`${outcome.file}: ${palette.bad('INVALID')}`, ...indent(outcome.error.message)];
    case 'unavailable':
      return outcome.excusedBy === undefined
        ? [`${outcome.file}: ${palette.bad('NOT AVAILABLE')}`, ...indent(outcome.reason)]
        : [`${outcome.file}: not available, excused by ${outcome.excusedBy} (${firstSentence(outcome.reason)})`];
    case 'failed':
      return [`${outcome.file}: ${palette.bad('RUN FAILED')}`, ...indent(outcome.error.message), ...outcome.error.details.map((l) => `  ${l}`)];
    case 'checked': {
      const label = outcome.verdict === 'drifted' ? palette.bad('DRIFTED') : palette.good(outcome.verdict);
      const lines = [
        `${outcome.file}: ${label} (${outcome.sameProvenance ? 'same provenance: must be bit-identical' : `provenance changed; budget ${outcome.golden.budget.ulps} ULP`})`,
      ];
      for (const change of outcome.provenanceChanges) lines.push(`  provenance: ${renderProvenanceChange(change)}`);
      for (const { key, classification: c } of outcome.runs) {
        if (c.kind === 'identical') lines.push(`  ${key}: identical`);
        else if (c.kind === 'within-budget')
          lines.push(
            `  ${key}: within budget, max ${c.max.ulp} ULP; first difference ${c.weightsOnly ? 'in weights only' : `at ${renderDivergence(c.first)}`}`,
          );
        else
          lines.push(
            `  ${key}: drifted (${c.reason})${c.first ? `; first divergence ${renderDivergence(c.first)}; max ${c.max!.ulp} ULP, abs ${c.max!.abs.toExponential(2)}, rel ${c.max!.rel.toExponential(2)}` : ''}`,
          );
      }
      const drift = driftOf(outcome);
      if (drift !== undefined) lines.push(`  why: ${renderDiagnosis(drift)}.`, `  fix: ${drift.fix}.`);
      return lines;
    }
  }
}

export function renderGoldenCheckJson(result: GoldenCheckResult): object {
  return {
    format: 'tfjs-repro/golden-check',
    version: 1,
    ok: result.ok,
    excuseSource: result.excuseSource,
    files: result.files.map((o) => {
      switch (o.kind) {
        case 'invalid':
        case 'failed':
          return { file: o.file, verdict: o.kind, error: { code: o.error.code, message: o.error.message, details: o.error.details } };
        case 'unavailable':
          return { file: o.file, verdict: 'unavailable', runtime: o.runtime, backend: o.backend, reason: o.reason, excusedBy: o.excusedBy ?? null };
        case 'checked':
          return {
            file: o.file,
            verdict: o.verdict,
            sameProvenance: o.sameProvenance,
            provenanceChanges: o.provenanceChanges.map(renderProvenanceChange),
            budget: o.golden.budget,
            runs: o.runs.map(({ key, classification: c }) => ({
              run: key,
              classification: c.kind,
              ...(c.kind === 'identical' ? {} : { max: c.max ?? null, firstDivergence: c.first ? divergenceJson(c.first) : null }),
              ...(c.kind === 'drifted' ? { reason: c.reason } : {}),
            })),
            precondition: o.precondition ?? null,
            diagnosis: o.verdict === 'drifted' ? diagnosisJson(driftOf(o)!) : null,
          };
      }
    }),
  };
}

export function renderGoldenUpdateText(updates: readonly GoldenUpdate[]): string {
  const lines = updates.map((u) => {
    const changes = u.provenanceChanges.length > 0 ? `; provenance: ${u.provenanceChanges.map(renderProvenanceChange).join(', ')}` : '';
    const invalid = u.previousInvalid ? ` (the previous file was invalid: ${u.previousInvalid})` : '';
    return `wrote ${u.file}: ${u.classification === 'initial' ? 'new golden' : `${u.classification} against the previous golden`}${changes}${invalid}`;
  });
  return `${lines.join('\n')}\nReview the diff and commit the files with the reason and this classification in the message.\n`;
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}

/** A drifted golden's diagnosis, from its provenance changes and its first drifted run's first divergence. */
export function driftOf(outcome: Extract<GoldenFileOutcome, { kind: 'checked' }>): Diagnosis | undefined {
  if (outcome.verdict !== 'drifted') return undefined;
  const first = outcome.runs.find((r) => r.classification.kind === 'drifted')?.classification;
  return diagnoseDrift(outcome.provenanceChanges, first?.kind === 'drifted' ? first.first : undefined, outcome.kernelDifference);
}

/** `golden check --tfjs A,B`: each golden's verdict on each release, then where a release drifted. */
export function renderGoldenReleaseMatrix(results: readonly GoldenCheckResult[]): string {
  const files = [...new Set(results.flatMap((r) => r.files.map((f) => f.file)))];
  const cell = (result: GoldenCheckResult, file: string): string => {
    const outcome = result.files.find((f) => f.file === file);
    if (outcome === undefined) return '-';
    if (outcome.kind !== 'checked') return outcome.kind === 'unavailable' ? 'not available' : outcome.kind;
    return outcome.verdict;
  };
  const table = renderTable(
    ['golden', ...results.map((r) => `tfjs ${r.tfjs ?? 'project'}`)],
    files.map((file) => [path.basename(path.dirname(file)) + '/' + path.basename(file), ...results.map((r) => cell(r, file))]),
  );
  const drifted = results.filter((r) => r.files.some((f) => f.kind === 'checked' && f.verdict === 'drifted')).map((r) => r.tfjs);
  return `By tfjs release:\n\n${table}\n\n${drifted.length === 0 ? 'No golden drifted on any release.' : `Drifted on tfjs ${drifted.join(', ')}: the numbers those releases train are not the goldens'.`}\n`;
}
