/**
 * Claim names and what a project expects of them: a leaf, so that checks, configs and renderers
 * agree on one rule ("a verdict meets its expectation") without importing each other.
 */
export const CLAIM_NAMES = [
  'rerun',
  'rerun-native-random',
  'loop-equals-single',
  'reset-matters',
  'callback-equals-loop',
  'seed-matters',
  'env-invariance',
  'threads-invariance',
] as const;
export type ClaimName = (typeof CLAIM_NAMES)[number];

export const CROSS_RUNTIME_CLAIMS = ['runtime-equivalence', 'webgl-closeness', 'webgpu-closeness', 'matches-keras'] as const;
export type CrossRuntimeClaim = (typeof CROSS_RUNTIME_CLAIMS)[number];

/**
 * Per claim, the verdict a project expects: `violated` records a known, documented violation.
 * A key is a claim (everywhere), `claim@runtime` or `claim@runtime/backend` (only there): e.g.
 * `"threads-invariance@node/tensorflow": "violated"`. The narrowest key that names a run wins.
 */
export type ExpectedVerdicts = Readonly<Record<string, 'holds' | 'violated'>>;

/** Where a verdict was reached, for scoped expectations. */
export interface VerdictPlace {
  readonly runtime: string;
  readonly backend: string;
}

/** What the project expects of a claim: it holds, unless the config records it as violated. */
export function expectedVerdict(expected: ExpectedVerdicts, claim: ClaimName | CrossRuntimeClaim, place?: VerdictPlace): 'holds' | 'violated' {
  if (place !== undefined) {
    const scoped = expected[`${claim}@${place.runtime}/${place.backend}`] ?? expected[`${claim}@${place.runtime}`];
    if (scoped !== undefined) return scoped;
  }
  return expected[claim] ?? 'holds';
}

/** Splits an expectation key into its claim and scope; the scope's parts are checked by the config. */
export function parseExpectationKey(key: string): { claim: string; runtime?: string; backend?: string } {
  const [claim = '', scope] = key.split('@', 2);
  if (scope === undefined) return { claim };
  const [runtime, backend] = scope.split('/', 2);
  return { claim, runtime, ...(backend === undefined ? {} : { backend }) };
}

/**
 * Whether a verdict is the one expected. An error, or an inconclusive verdict (the claim's own
 * runs did not reproduce), never is.
 */
export function meetsExpectation(kind: string, claim: ClaimName | CrossRuntimeClaim, expected: ExpectedVerdicts, place?: VerdictPlace): boolean {
  return kind === expectedVerdict(expected, claim, place);
}
