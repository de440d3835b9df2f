import type { RunSpec } from './claims.js';
import type { VariationSet } from './env-variations.js';
import type { ResetPolicy, RunCase } from '../trajectory/run-request.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/**
 * The one module that spells run keys. A key names a run of a check (`wasm/loop/reset=none/rerun`);
 * its case part (`loop/reset=none`) names the curves of reports and the runs of goldens. Everything
 * else looks runs up with {@link runOf} and {@link caseKey}, never by writing a key by hand.
 */

/** Case 1 without resets: the run every claim compares against, and the curve that reports draw. */
export const BASE_RUN: RunSpec = { case: 'loop', reset: 'none', seedOffset: 0, replica: 0 };

/** Run-key suffix of each variation set (`varied-env` predates the thread variations). */
const VARIATION_KEYS: Readonly<Record<VariationSet, string>> = { varied: '/varied-env', threads: '/threads' };

/** `loop/reset=none`: a case and its reset policy. */
export function caseKey(run: { readonly case: RunCase; readonly reset: ResetPolicy }): string {
  return `${run.case}/reset=${run.reset}`;
}

export function runKey(backend: BackendName, spec: RunSpec): string {
  const seed = spec.seedOffset ? '/next-seed' : '';
  const replica = spec.replica ? '/rerun' : '';
  const environment = spec.environment === undefined ? '' : VARIATION_KEYS[spec.environment];
  const native = spec.mathRandom === 'native' ? '/native-random' : '';
  return `${backend}/${caseKey(spec)}${seed}${native}${replica}${environment}`;
}

/** The key of one variation of a varied run, run alone to name a culprit. */
export function isolatedRunKey(backend: BackendName, spec: RunSpec, variation: string): string {
  return `${runKey(backend, spec)}/${variation}`;
}

/** A run of a check's backend, by what it is rather than by its key. */
export function runOf(runs: ReadonlyMap<string, Trajectory>, backend: BackendName, spec: RunSpec = BASE_RUN): Trajectory | undefined {
  return runs.get(runKey(backend, spec));
}

/** The base run with another case and reset policy (the curves of a report). */
export function caseRun(runCase: RunCase, reset: ResetPolicy): RunSpec {
  return { ...BASE_RUN, case: runCase, reset };
}
