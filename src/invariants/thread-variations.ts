import type { EnvVariation } from './env-variations.js';

/**
 * A thread knob of a backend's CPU execution, set away from the children's defaults. Each runtime
 * owns its backends' knobs (`Runtime.threadVariations`); `threads-invariance` runs them together,
 * then one by one to name the knob that changes the numbers.
 */
export interface ThreadVariation extends EnvVariation {
  /** What a user sets, before the backend loads, to keep the numbers of tfjs-repro's children. */
  readonly remedy: string;
}
