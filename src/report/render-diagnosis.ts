import type { Diagnosis } from '../diagnosis/diagnose.js';

/** Where a diagnosis begins, in words: `before training (lstm/kernel)`, `from epoch 2 batch 1` or `from epoch 1 batch 1, in Relu of layer hidden (forward)`. */
export function whereItBegins(d: Diagnosis): string {
  const { origin } = d;
  if (origin.phase === 'initial-weights') return `before training (${origin.tensor})`;
  const kernel = origin.kernel === undefined ? '' : `, in ${origin.kernel}${origin.layer === undefined ? '' : ` of layer ${origin.layer}`} (${origin.phase})`;
  return `from epoch ${origin.epoch} batch ${origin.batch}${kernel}`;
}

/** A diagnosis in one clause: `data-order, from epoch 2 batch 1: <evidence>` (its fix apart). */
export function renderDiagnosis(d: Diagnosis): string {
  return `${d.cause}, ${whereItBegins(d)}: ${d.evidence}`;
}

/** The lines a terminal shows under a failure: `why <subject>: <diagnosis>.` and `  fix: <fix>.` */
export function renderWhyLines(subject: string, d: Diagnosis): string[] {
  return [`why ${subject}: ${renderDiagnosis(d)}.`, `  fix: ${d.fix}.`];
}
