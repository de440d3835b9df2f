/** How a run trains and resets, apart from the request's validation (which loads the scenarios): the CLI's --help lists them. */

/** Case 1 of the seed: N × fit(epochs=1). Case 2: one fit(epochs=N). */
export const RUN_CASES = ['loop', 'single'] as const;
export type RunCase = (typeof RUN_CASES)[number];

/** `epoch`: resetStates() after each fit (loop) or in onEpochEnd (single). */
export const RESET_POLICIES = ['none', 'epoch'] as const;
export type ResetPolicy = (typeof RESET_POLICIES)[number];
