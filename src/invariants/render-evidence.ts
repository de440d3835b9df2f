import type { Isolation, Verdict } from './claims.js';

/**
 * A verdict's evidence as every output shows it: what the comparison saw, then, for a violated
 * invariance claim, what running each variation alone named
 * (`…; changed by: onednn (oneDNN on (TF_ENABLE_ONEDNN_OPTS=1))`).
 */
export function renderEvidence(verdict: Pick<Verdict, 'evidence'> & { readonly isolation?: Isolation }): string {
  const { isolation } = verdict;
  if (isolation === undefined) return verdict.evidence;
  const named =
    isolation.culprits.length > 0
      ? `changed by: ${isolation.culprits.map((v) => `${v.name} (${v.description})`).join(', ')}`
      : 'no single variation changes it alone (an interaction)';
  const unrun = isolation.unrun.length > 0 ? `; could not run: ${isolation.unrun.map((v) => `${v.name}: ${v.reason}`).join('; ')}` : '';
  return `${verdict.evidence}; ${named}${unrun}`;
}
