import { type CheckOptions, type CheckResult, type BackendOutcome } from './check-result.js';
import { planCheck } from './plan-check.js';
import { executePlan, executingCheck } from './execute-check.js';
import { judgeBackend, meetsExpectations } from './judge-backend.js';
import { isolateViolations } from './explain-violations.js';

export { runKey } from '../invariants/run-key.js';
export type { BackendOutcome, CheckEvent, CheckOptions, CheckResult, ClaimOutcome, ExecutingCheck, ExpectedVerdicts, Precondition } from './check-result.js';
export { planCheck, requestFor, type CheckPlan, type PlannedRun } from './plan-check.js';
export { executePlan, executingCheck, type ExecutedPlan } from './execute-check.js';
export { judgeBackend, meetsExpectations, missingKernelOf } from './judge-backend.js';
export { isolateViolations } from './explain-violations.js';

export type { SpawnFn } from '../run/spawn-options.js';

/**
 * Runs the claims in five steps: plan the distinct runs they need (one run serves several claims;
 * availability asked once per backend), execute them in fresh processes bounded by `parallelism`,
 * judge each claim from its two runs, isolate the variation behind a violated invariance claim,
 * and hold the verdicts against what is expected.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const resolved = executingCheck(options);
  const { runtime } = resolved;
  const plan = planCheck(options);
  options.onEvent?.({ kind: 'planned', runs: plan.runs.size });
  const executed = await executePlan(plan.runs, resolved);
  const backends = await Promise.all(
    options.backends.map(async (backend): Promise<BackendOutcome> => {
      const judged = judgeBackend(backend, plan, executed, runtime, options.scenario);
      return judged.kind === 'ran' ? isolateViolations(judged, plan, resolved) : judged;
    }),
  );
  const expected = options.expected ?? {};
  return {
    scenario: options.scenario,
    runtime,
    ...(options.tfjs === undefined ? {} : { tfjs: options.tfjs }),
    backends,
    expected,
    ok: meetsExpectations(backends, expected, runtime),
    wallMs: performance.now() - started,
  };
}
