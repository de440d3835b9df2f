import { claimNamed } from '../invariants/claims.js';
import { needsKernelTrace } from '../diagnosis/diagnose-kernels.js';
import { diagnoseViolation } from '../diagnosis/diagnose-violation.js';
import { withNativeRandomFix } from '../diagnosis/causes.js';
import { refineByReplay } from './trace-replay.js';
import { isolateEnvVariation } from '../invariants/isolate-env-variation.js';
import { runtimeNamed, variationsOf } from '../runtimes/registry.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { isolatedRunKey } from '../invariants/run-key.js';
import { type BackendOutcome, type ClaimOutcome, type ExecutingCheck } from './check-result.js';
import { type CheckPlan, type PlannedRun } from './plan-check.js';
import { executeOne } from './execute-check.js';

/**
 * Step 4: explain each violated claim. A claim whose second run varied the environment runs each
 * variation alone, to name the one that changes the numbers; then, where the runtime can trace
 * kernels and the runs' records stop at a batch boundary, both runs are replayed with a kernel
 * trace up to the first divergent batch, to name the kernel where they part (runs only a failing
 * claim needs).
 */
export async function isolateViolations(outcome: Extract<BackendOutcome, { kind: 'ran' }>, plan: CheckPlan, options: ExecutingCheck): Promise<BackendOutcome> {
  const { backend } = outcome;
  // The violated claims are explained side by side (their extra runs share the check's bound).
  const claims = await Promise.all(
    outcome.claims.map(async (verdict): Promise<ClaimOutcome> => {
      const claim = claimNamed(verdict.claim);
      if (verdict.kind !== 'violated') return verdict;
      const variationSet = claim.runs[1].environment;
      const [base, second] = verdict.runs;
      let pair: readonly [PlannedRun, PlannedRun] = [plan.runs.get(base)!, plan.runs.get(second)!];
      let explained: ClaimOutcome = verdict;
      if (variationSet !== undefined) {
        const variations = variationsOf(variationSet, options.runtime, backend);
        options.onEvent?.({ kind: 'extra-runs', runs: variations.length, why: `${claim.name} on ${backend}: each variation alone` });
        const variedRuns = new Map<string, Trajectory>();
        const isolated = await isolateEnvVariation(verdict, outcome.runs.get(base)!, variations, async (variation) => {
          const varied = await executeOne(
            isolatedRunKey(backend, claim.runs[0], variation.name),
            { request: pair[0].request, spawnOptions: variation.options },
            options,
          );
          variedRuns.set(variation.name, varied);
          return varied;
        });
        const set = variationSet === 'threads' ? 'threads' : 'varied';
        const culprits = isolated.culprits.map((variation) => ({ variation, set }) as const);
        const { culprits: _named, ...isolatedVerdict } = isolated;
        const [culprit] = isolated.culprits;
        if (culprit !== undefined) pair = [pair[0], { request: pair[0].request, spawnOptions: culprit.options }];
        // The culprit's own run already shows whether it changes the initial weights: no trace needed then.
        const culpritRun = culprit === undefined ? undefined : variedRuns.get(culprit.name);
        const diagnosis = diagnoseViolation({
          claim,
          a: outcome.runs.get(base)!,
          b: outcome.runs.get(second)!,
          divergence: verdict.divergence,
          culprits,
          ...(culpritRun === undefined ? {} : { culpritRun }),
        });
        explained = { ...verdict, ...isolatedVerdict, ...(diagnosis === undefined ? {} : { diagnosis }) };
      }
      const traced = await traceDiagnosis(explained, pair, outcome.runs.get(base)!, options);
      // Runs that left Math.random native: the fix of that world (seed the draw, or Math.random in the app).
      return claim.runs[1].mathRandom === 'native' && traced.kind === 'violated' && traced.diagnosis !== undefined
        ? { ...traced, diagnosis: withNativeRandomFix(traced.diagnosis) }
        : traced;
    }),
  );
  return { ...outcome, claims };
}

/**
 * A violated claim whose diagnosis stops at a batch boundary, refined by replaying its two runs
 * with a kernel trace up to the first divergent batch (where the runtime can trace kernels).
 */
async function traceDiagnosis(
  verdict: ClaimOutcome,
  pair: readonly [PlannedRun, PlannedRun],
  base: Trajectory,
  options: ExecutingCheck,
): Promise<ClaimOutcome> {
  if (verdict.kind !== 'violated' || verdict.diagnosis === undefined || verdict.divergence === undefined) return verdict;
  if (!runtimeNamed(options.runtime).capabilities.kernelTrace || !needsKernelTrace(verdict.diagnosis)) return verdict;
  // Where the losses are equal and an epoch's weights differ: through that epoch's last batch.
  const { epoch } = verdict.divergence;
  const upTo = { epoch, batch: verdict.divergence.batch ?? Math.max(1, base.batches.filter((b) => b.epoch === epoch).length) };
  options.onEvent?.({
    kind: 'extra-runs',
    runs: 2,
    why: `${verdict.claim} on ${verdict.backend}: both runs again with a kernel trace up to epoch ${upTo.epoch} batch ${upTo.batch}`,
  });
  const diagnosis = await refineByReplay(verdict.diagnosis, pair, upTo, (run, i) => executeOne(`${verdict.runs[i]}+trace`, run, options));
  return { ...verdict, diagnosis };
}
