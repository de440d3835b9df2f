import { compareTrajectories } from '../compare/compare-trajectories.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import type { Verdict } from './claims.js';
import type { EnvVariation } from './env-variations.js';

/**
 * When the combined variation changed the numbers, runs each variation alone (one after another,
 * they are few) and names those that change a bit (in the evidence, and as `culprits`); the verdict stays violated.
 */
export async function isolateEnvVariation(
  verdict: Verdict & { kind: 'violated' },
  baseline: Trajectory,
  variations: readonly EnvVariation[],
  runVaried: (variation: EnvVariation) => Promise<Trajectory>,
): Promise<Verdict & { readonly culprits: readonly EnvVariation[] }> {
  const culprits: EnvVariation[] = [];
  const failed: string[] = [];
  for (const variation of variations) {
    try {
      const varied = await runVaried(variation);
      if (compareTrajectories(baseline, varied).kind !== 'identical') culprits.push(variation);
    } catch (error) {
      failed.push(`${variation.name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const named =
    culprits.length > 0
      ? `changed by: ${culprits.map((v) => `${v.name} (${v.description})`).join(', ')}`
      : 'no single variation changes it alone (an interaction)';
  const errors = failed.length > 0 ? `; could not run: ${failed.join('; ')}` : '';
  return { ...verdict, evidence: `${verdict.evidence}; ${named}${errors}`, culprits };
}
