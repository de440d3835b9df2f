import { compareTrajectories } from '../compare/compare-trajectories.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import type { Verdict } from './claims.js';
import type { EnvVariation } from './env-variations.js';
import { runPool } from '../run/run-pool.js';

/**
 * When the combined variation changed the numbers, runs each variation alone (`concurrency` at a
 * time) and names those that change a bit (in the evidence, and as `culprits`, in the variations'
 * order); the verdict stays violated.
 */
export async function isolateEnvVariation(
  verdict: Verdict & { kind: 'violated' },
  baseline: Trajectory,
  variations: readonly EnvVariation[],
  runVaried: (variation: EnvVariation) => Promise<Trajectory>,
  concurrency = 1,
): Promise<Verdict & { readonly culprits: readonly EnvVariation[] }> {
  const settled = await runPool(
    variations.map((variation) => () => runVaried(variation)),
    concurrency,
  );
  const culprits: EnvVariation[] = [];
  const failed: string[] = [];
  settled.forEach((outcome, i) => {
    const variation = variations[i]!;
    if (outcome.status === 'rejected') failed.push(`${variation.name}: ${(outcome.reason as Error).message.split('\n')[0]}`);
    else if (compareTrajectories(baseline, outcome.value).kind !== 'identical') culprits.push(variation);
  });
  const named =
    culprits.length > 0
      ? `changed by: ${culprits.map((v) => `${v.name} (${v.description})`).join(', ')}`
      : 'no single variation changes it alone (an interaction)';
  const errors = failed.length > 0 ? `; could not run: ${failed.join('; ')}` : '';
  return { ...verdict, evidence: `${verdict.evidence}; ${named}${errors}`, culprits };
}
