import { ReproError } from '../errors.js';
import { claimNamed, withControl, type Claim, type Verdict } from '../invariants/claims.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import { diagnoseViolation } from '../diagnosis/diagnose-violation.js';
import { meetsExpectation, type ExpectedVerdicts } from '../invariants/expectations.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { type ScenarioConfig } from '../scenario/config.js';
import { TFJS_BACKEND_PACKAGES } from '../runtimes/shared/tfjs-backends.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { runKey, runOf } from '../invariants/run-key.js';
import { type BackendOutcome, type ClaimOutcome } from './check-result.js';
import { type CheckPlan } from './plan-check.js';
import { type ExecutedPlan } from './execute-check.js';

type JudgedBackend = Exclude<BackendOutcome, { kind: 'ran' }> | (Extract<BackendOutcome, { kind: 'ran' }> & { readonly claims: ClaimOutcome[] });

/**
 * Step 3: one backend's outcome from its runs. Unavailable (said once: the machine's or the
 * scenario's reason, or a kernel the backend lacks), or each claim's verdict against the control.
 */
export function judgeBackend(backend: BackendName, plan: CheckPlan, executed: ExecutedPlan, runtime: RuntimeName, scenario: ScenarioConfig): JudgedBackend {
  const why = plan.blocked.get(backend);
  if (why !== undefined) return { kind: 'unavailable', backend, ...why };
  const kernel = missingKernelOf(backend, executed.failures);
  if (kernel !== undefined) {
    // Said once for the backend, not as an ERROR row with the same stack per claim.
    return {
      kind: 'unavailable',
      backend,
      scope: 'kernel',
      reason: `not available for this scenario: ${TFJS_BACKEND_PACKAGES[backend]} has no ${kernel} kernel, which training ${scenario.scenario} needs. Use another backend, or record it with --allow-unavailable ${runtime}/${backend} (or the config's "optional" list).`,
    };
  }
  const { runs, failures } = executed;
  const rerun = claimNamed('rerun');
  const controlRuns = [runOf(runs, backend, rerun.runs[0]), runOf(runs, backend, rerun.runs[1])] as const;
  const control = controlRuns[0] !== undefined && controlRuns[1] !== undefined ? rerun.judge(controlRuns[0], controlRuns[1]) : undefined;
  const claims = plan.claimsOn(backend).map((claim): ClaimOutcome => {
    const pair = [runKey(backend, claim.runs[0]), runKey(backend, claim.runs[1])] as const;
    const error = failures.get(pair[0]) ?? failures.get(pair[1]);
    if (error !== undefined) return { kind: 'error', claim: claim.name, backend, runs: pair, error };
    const [a, b] = [runs.get(pair[0])!, runs.get(pair[1])!];
    const verdict = withControl(claim, claim.judge(a, b), control);
    return { ...verdict, claim: claim.name, backend, runs: pair, ...diagnosisOf(claim, verdict, a, b) };
  });
  const own = new Map([...runs].filter(([key]) => key.startsWith(`${backend}/`)));
  return { kind: 'ran', backend, claims: withPreconditions(claims), runs: own, ...(control === undefined ? {} : { control }) };
}

/**
 * Each claim that holds, marked with what it rests on: where the same run with `Math.random` left
 * native does not reproduce itself (rerun-native-random violated), every guarantee that holds
 * holds only for an app that seeds `Math.random` before tfjs loads, as tfjs-repro's children do.
 */
function withPreconditions(claims: ClaimOutcome[]): ClaimOutcome[] {
  const native = claims.find((c) => c.claim === 'rerun-native-random');
  if (native?.kind !== 'violated') return claims;
  return claims.map((c) => (c.kind === 'holds' ? { ...c, precondition: 'math-random-seeded' } : c));
}

/** A violated claim's diagnosis, from its two runs (a claim that rests on a difference: why there was none). */
function diagnosisOf(claim: Claim, verdict: Verdict, a: Trajectory, b: Trajectory): { diagnosis?: Diagnosis } {
  const diagnosis = verdict.kind === 'violated' ? diagnoseViolation({ claim, a, b, divergence: verdict.divergence }) : undefined;
  return diagnosis === undefined ? {} : { diagnosis };
}

/** Step 5: every claim on every backend that ran has its expected verdict (holds, unless `expected` says otherwise), and some backend ran. */
export function meetsExpectations(backends: readonly BackendOutcome[], expected: ExpectedVerdicts, runtime: RuntimeName): boolean {
  return (
    backends.some((b) => b.kind === 'ran') &&
    backends.every((b) => b.kind !== 'ran' || b.claims.every((c) => meetsExpectation(c.kind, c.claim, expected, { runtime, backend: b.backend })))
  );
}

/** tfjs's words when a backend lacks a kernel that training calls (e.g. wasm's Conv2DBackpropFilter). */
const MISSING_KERNEL = /Kernel '([A-Za-z0-9_]+)' not registered for backend '([a-z]+)'/;

/** The kernel this backend lacks, when one of its runs failed for that reason. */
export function missingKernelOf(backend: BackendName, failures: ReadonlyMap<string, ReproError>): string | undefined {
  for (const [key, error] of failures) {
    if (!key.startsWith(`${backend}/`)) continue;
    const match = MISSING_KERNEL.exec([error.message, ...error.details].join('\n'));
    if (match !== null && match[2] === backend) return match[1];
  }
  return undefined;
}
