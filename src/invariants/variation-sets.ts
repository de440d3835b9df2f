import type { BackendName } from '../tfjs/backend-names.js';
import { ENV_VARIATIONS, type EnvVariation, type VariationSet } from './env-variations.js';
import { threadVariations } from './thread-variations.js';

/** The variations behind each set: applied together in the varied run, and one by one to name a culprit. */
export function variationsOf(set: VariationSet, backend: BackendName): readonly EnvVariation[] {
  return set === 'varied' ? ENV_VARIATIONS : threadVariations(backend);
}
