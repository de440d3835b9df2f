import { compareTrajectories } from '../compare/compare-trajectories.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import type { Isolation, Verdict } from './claims.js';
import type { EnvVariation } from './env-variations.js';

/**
 * When the combined variation changed the numbers, runs each variation alone (all queued at once:
 * the caller's executor bounds the children) and names those that change a bit (the verdict's `isolation`, and as `culprits`, in the
 * variations' order); the verdict stays violated.
 */
export async function isolateEnvVariation(
  verdict: Verdict & { kind: 'violated' },
  baseline: Trajectory,
  variations: readonly EnvVariation[],
  runVaried: (variation: EnvVariation) => Promise<Trajectory>,
): Promise<Verdict & { readonly kind: 'violated'; readonly isolation: Isolation; readonly culprits: readonly EnvVariation[] }> {
  const settled = await Promise.allSettled(variations.map((variation) => runVaried(variation)));
  const culprits: EnvVariation[] = [];
  const unrun: { name: string; reason: string }[] = [];
  settled.forEach((outcome, i) => {
    const variation = variations[i]!;
    if (outcome.status === 'rejected') unrun.push({ name: variation.name, reason: (outcome.reason as Error).message.split('\n')[0]! });
    else if (compareTrajectories(baseline, outcome.value).kind !== 'identical') culprits.push(variation);
  });
  const isolation = { culprits: culprits.map(({ name, description }) => ({ name, description })), unrun };
  return { ...verdict, isolation, culprits };
}
