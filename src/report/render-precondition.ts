import type { Precondition } from '../check/check-result.js';

/** What a verdict that rests on a precondition holds under, in words (`holds given …`). */
export const PRECONDITION_WORDS: Readonly<Record<Precondition, string>> = {
  'math-random-seeded': 'given Math.random seeded before tfjs loads',
};

/**
 * The note under a table with verdicts that rest on the seeding of `Math.random`: where the native
 * rerun failed, and what an app must do to get the same guarantees.
 */
export function renderPreconditionNote(backends: readonly string[], marker = '*'): string {
  return `${marker} holds ${PRECONDITION_WORDS['math-random-seeded']}: rerun-native-random is violated on ${backends.join(', ')}, so an app gets these guarantees only if it seeds Math.random before tfjs loads (e.g. seedrandom(seed, { global: true })), as tfjs-repro's children do; \`--math-random native\` checks the claims without that seeding.`;
}

/** Under a golden check of tfjs runs: what its verdicts rest on, and where to learn whether an app without it gets the same numbers. */
export function renderGoldenPreconditionNote(): string {
  return `The goldens of tfjs's runtimes are recorded and re-run ${PRECONDITION_WORDS['math-random-seeded']}, as tfjs-repro's children run: whether an app that does not seed it gets the same numbers, \`tfjs-repro check\` says (rerun-native-random).`;
}
