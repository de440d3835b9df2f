/**
 * Claim names and what a project expects of them: a leaf, so that checks, configs and renderers
 * agree on one rule ("a verdict meets its expectation") without importing each other.
 */
export const CLAIM_NAMES = [
  'rerun',
  'loop-equals-single',
  'reset-matters',
  'callback-equals-loop',
  'seed-matters',
  'env-invariance',
  'threads-invariance',
] as const;
export type ClaimName = (typeof CLAIM_NAMES)[number];

export const CROSS_RUNTIME_CLAIMS = ['runtime-equivalence', 'webgl-closeness'] as const;
export type CrossRuntimeClaim = (typeof CROSS_RUNTIME_CLAIMS)[number];

/** Per claim, the verdict a project expects: `violated` records a known, documented violation. */
export type ExpectedVerdicts = Readonly<Partial<Record<ClaimName | CrossRuntimeClaim, 'holds' | 'violated'>>>;

/** What the project expects of a claim: it holds, unless the config records it as violated. */
export function expectedVerdict(expected: ExpectedVerdicts, claim: ClaimName | CrossRuntimeClaim): 'holds' | 'violated' {
  return expected[claim] ?? 'holds';
}

/**
 * Whether a verdict is the one expected. An error, or an inconclusive verdict (the claim's own
 * runs did not reproduce), never is.
 */
export function meetsExpectation(kind: string, claim: ClaimName | CrossRuntimeClaim, expected: ExpectedVerdicts): boolean {
  return kind === expectedVerdict(expected, claim);
}
