import { releaseUnavailable } from '../tfjs-versions/release-plan.js';
import { ReproError } from '../errors.js';
import type { RunExecutor } from '../execute/run-executor.js';
import { runtimeNamed, unavailableReason } from '../runtimes/registry.js';
import { runtimePrefix } from '../runtimes/runtime-profiles.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { isUnexcused, judgeUnavailable, NO_EXCUSES, type Excuses } from '../config/excuses.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { classifyRun, type RunClassification } from './classify-run.js';
import { GOLDEN_TRACE_UP_TO, goldenRunKey, type GoldenFile } from './golden-file.js';
import type { ProvenanceChange } from '../trajectory/provenance-change.js';
import type { Precondition } from '../invariants/claims.js';
import { goldenExecutor, type GoldenRequests, type GoldenRunsOptions } from './golden-runs.js';
import { diffProvenance, goldenProvenanceOf } from './golden-provenance.js';
import { listGoldenFiles, readGoldenFile } from './golden-store.js';
import { traceGoldenSteps } from './golden-trace.js';
import { locateOrigin, type TraceDifference } from '../diagnosis/locate-origin.js';

export type { GoldenRequests, GoldenRunsOptions } from './golden-runs.js';

export type GoldenVerdict = 'identical' | 'within-budget' | 'drifted';

export type GoldenFileOutcome =
  | { readonly kind: 'invalid'; readonly file: string; readonly error: ReproError }
  | {
      readonly kind: 'unavailable';
      readonly file: string;
      readonly runtime: RuntimeName;
      readonly backend: string;
      readonly reason: string;
      /** The `--allow-unavailable` / `optional` entry that excuses it; without one the check fails. */
      readonly excusedBy?: string;
    }
  | { readonly kind: 'failed'; readonly file: string; readonly error: ReproError }
  | {
      readonly kind: 'checked';
      readonly file: string;
      readonly golden: GoldenFile;
      readonly sameProvenance: boolean;
      readonly provenanceChanges: readonly ProvenanceChange[];
      readonly runs: readonly { readonly key: string; readonly classification: RunClassification }[];
      readonly verdict: GoldenVerdict;
      /** On drift, where the golden records a kernel trace: where the first step's trace now parts from it. */
      readonly kernelDifference?: TraceDifference;
      /** What the golden's numbers rest on: its runtime seeds Math.random before tfjs loads, as an app may not. */
      readonly precondition?: Precondition;
    };

export interface GoldenCheckResult {
  /** The published release every golden was re-run with (`--tfjs`); absent: the project's tfjs. */
  readonly tfjs?: string;
  readonly files: readonly GoldenFileOutcome[];
  /** Every file checked, identical or within budget; a file that could not run only where it was excused. */
  readonly ok: boolean;
  /** Where the excuses came from (`--allow-unavailable`, the config), for the summary. */
  readonly excuseSource: string;
}

export interface GoldenCheckOptions extends GoldenRunsOptions {
  /** These files of the folder only (the vitest matcher checks one golden, not its neighbours). */
  readonly only?: readonly string[];
  /** Only the goldens of these runtimes (`golden check --runtime`). @default every runtime */
  readonly runtimes?: readonly RuntimeName[];
  /** Only the goldens of these backends (`golden check --backend`). @default every backend */
  readonly backends?: readonly string[];
  /** What may be unavailable here without failing the check. @default none: the gate fails closed */
  readonly excuses?: Excuses;
  /** Re-run every golden with this published tfjs release instead of the project's (`--tfjs`). */
  readonly tfjs?: string;
}

/**
 * Re-runs every golden's runs in fresh processes and classifies them against the stored numbers.
 * Invalid files, failed runs, drift and goldens that cannot run here (unless excused) all make the
 * result not ok; nothing is ever rewritten.
 */
export async function checkGoldens(dir: string, options: GoldenCheckOptions = {}): Promise<GoldenCheckResult> {
  const files = (await listGoldenFiles(dir)).filter((file) => options.only === undefined || options.only.includes(file));
  if (files.length === 0) {
    throw new ReproError(
      'input-file',
      `--dir ${dir}: no golden files (expected <scenario>/<backend>.json); create them with \`tfjs-repro golden update --reason "…"\``,
    );
  }
  type Loaded = { readonly file: string; readonly golden: GoldenFile } | { readonly file: string; readonly error: ReproError };
  const loaded = await Promise.all(
    files.map(async (file): Promise<Loaded> => {
      try {
        return { file, golden: await readGoldenFile(file) };
      } catch (error) {
        return { file, error: error as ReproError };
      }
    }),
  );
  const selected = loaded.filter(
    (entry) =>
      !('golden' in entry) ||
      ((options.runtimes === undefined || options.runtimes.includes(entry.golden.provenance.runtime)) &&
        (options.backends === undefined || options.backends.includes(entry.golden.backend))),
  );
  if (selected.length === 0) {
    throw new ReproError(
      'usage',
      `--runtime/--backend: no golden file in ${dir} is of ${[options.runtimes?.join(','), options.backends?.join(',')].filter(Boolean).join(' / ')}; its goldens: ${loaded
        .flatMap((entry) => ('golden' in entry ? [`${entry.golden.provenance.runtime}/${entry.golden.backend}`] : []))
        .filter((label, i, all) => all.indexOf(label) === i)
        .join(', ')}`,
    );
  }
  // Why a golden's runtime and backend cannot run here, asked once per file.
  const blocked = new Map(
    selected.flatMap((entry) => {
      const reason =
        'golden' in entry
          ? (unavailableReason(entry.golden.backend as BackendName, entry.golden.provenance.runtime) ??
            releaseUnavailable(options.tfjs, entry.golden.provenance.runtime, entry.golden.backend as BackendName))
          : undefined;
      return reason === undefined ? [] : [[entry.file, reason] as const];
    }),
  );
  const requests = (golden: GoldenFile): GoldenRequests => ({
    ...golden,
    runtime: golden.provenance.runtime,
    ...(options.tfjs === undefined ? {} : { tfjs: options.tfjs }),
  });
  const runnable = selected.flatMap((entry) => ('golden' in entry && !blocked.has(entry.file) ? [{ file: entry.file, golden: requests(entry.golden) }] : []));
  const executor = goldenExecutor(options);
  const runs = await runGoldenRequests(runnable, executor);
  const excuses = options.excuses ?? NO_EXCUSES;
  const outcomes = selected.map((entry): GoldenFileOutcome => {
    if ('error' in entry) return { kind: 'invalid', file: entry.file, error: entry.error };
    const { file, golden } = entry;
    const runtime = golden.provenance.runtime;
    const reason = blocked.get(file);
    if (reason !== undefined) {
      return { kind: 'unavailable', file, ...judgeUnavailable(excuses, { runtime, backend: golden.backend, reason }) };
    }
    const current = runs.get(file)!;
    if (current instanceof ReproError) return { kind: 'failed', file, error: current };
    return judgeGolden(file, golden, current);
  });
  const explained = await traceDrifts(outcomes, executor, options.tfjs);
  const ok = explained.every((o) => (o.kind === 'unavailable' && !isUnexcused(o)) || (o.kind === 'checked' && o.verdict !== 'drifted'));
  return { ...(options.tfjs === undefined ? {} : { tfjs: options.tfjs }), files: explained, ok, excuseSource: excuses.source };
}

/** Each drifted golden that records its first step's kernel trace: the same step traced again, and where the two part. */
async function traceDrifts(outcomes: readonly GoldenFileOutcome[], executor: RunExecutor, tfjs: string | undefined): Promise<GoldenFileOutcome[]> {
  const drifted = outcomes.flatMap((o) => (o.kind === 'checked' && o.verdict === 'drifted' && o.golden.kernelTrace !== undefined ? [o] : []));
  if (drifted.length === 0) return [...outcomes];
  const traces = await traceGoldenSteps(
    drifted.map(({ golden }) => ({ ...golden, runtime: golden.provenance.runtime, ...(tfjs === undefined ? {} : { tfjs }) })),
    executor,
  );
  return outcomes.map((o) => {
    const trace = traces[drifted.indexOf(o as (typeof drifted)[number])];
    return o.kind === 'checked' && trace !== undefined ? { ...o, kernelDifference: locateOrigin(o.golden.kernelTrace!, trace) } : o;
  });
}

export function judgeGolden(file: string, golden: GoldenFile, current: readonly Trajectory[]): GoldenFileOutcome & { kind: 'checked' } {
  const provenanceChanges = diffProvenance(golden.provenance, goldenProvenanceOf(current[0]!.provenance));
  const sameProvenance = provenanceChanges.length === 0;
  const runs = golden.runs.map((run, i) => ({ key: goldenRunKey(run), classification: classifyRun(run, current[i]!, sameProvenance, golden.budget) }));
  const kinds = runs.map((r) => r.classification.kind);
  const verdict: GoldenVerdict = kinds.includes('drifted') ? 'drifted' : kinds.includes('within-budget') ? 'within-budget' : 'identical';
  // Recorded and re-run in a world where Math.random is seeded: an app that does not seed it is another matter (rerun-native-random).
  const seeded = runtimeNamed(golden.provenance.runtime).capabilities.seedsMathRandom;
  return {
    kind: 'checked',
    file,
    golden,
    sameProvenance,
    provenanceChanges,
    runs,
    verdict,
    ...(seeded ? { precondition: 'math-random-seeded' as const } : {}),
  };
}

/**
 * Runs each golden's runs (in the golden's order) through the executor and returns, per file, the
 * trajectories or the first error. Goldens that ask for the same run share one child.
 */
export async function runGoldenRequests(
  entries: readonly { readonly file: string; readonly golden: GoldenRequests }[],
  executor: RunExecutor,
  traceFirstStep = false,
): Promise<Map<string, Trajectory[] | ReproError>> {
  // With traceFirstStep, each golden's first run also records its first step's kernel trace (and trains on).
  const traced = (golden: GoldenRequests, index: number) =>
    traceFirstStep && index === 0 && runtimeNamed(golden.runtime).capabilities.kernelTrace ? { trace: { upTo: GOLDEN_TRACE_UP_TO, keepTraining: true } } : {};
  const tasks = entries.flatMap(({ file, golden }) =>
    golden.runs.map((run, index) => {
      const request = {
        scenario: golden.scenario,
        case: run.case,
        reset: run.reset,
        backend: golden.backend as BackendName,
        ...traced(golden, index),
        ...(golden.tfjs === undefined ? {} : { tfjs: golden.tfjs }),
      };
      // One key per distinct run: a run that several goldens ask for is made once.
      const key = `${golden.runtime} ${JSON.stringify(request)}`;
      const label = `${golden.scenario.scenario}/${runtimePrefix(golden.runtime)}${golden.backend}/${goldenRunKey(run)}${golden.tfjs === undefined ? '' : ` on tfjs ${golden.tfjs}`}`;
      return { file, index, job: { key, label, runtime: golden.runtime, request } };
    }),
  );
  const settled = await executor.runAll(tasks.map((task) => task.job));
  const byFile = new Map<string, Trajectory[] | ReproError>();
  for (const { file, index, job } of tasks) {
    const sofar = byFile.get(file) ?? [];
    if (sofar instanceof ReproError) continue;
    const outcome = settled.get(job.key)!;
    if (outcome instanceof ReproError) {
      byFile.set(file, outcome);
      continue;
    }
    sofar[index] = outcome;
    byFile.set(file, sofar);
  }
  return byFile;
}
