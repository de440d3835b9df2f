import { scenarioUnavailableIn } from '../runtimes/registry.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors.js';
import type { ScenarioConfig } from '../scenario/config.js';
import { getScenario } from '../scenario/scenario-registry.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { runGoldenRequests, judgeGolden, type GoldenRunsOptions, type GoldenVerdict } from './check-goldens.js';
import { goldenExecutor } from './golden-runs.js';
import type { ProvenanceChange } from '../trajectory/provenance-change.js';
import { GOLDEN_FORMAT, goldenRunsFor, GOLDEN_VERSION, NO_BUDGET, type GoldenBudget, type GoldenFile } from './golden-file.js';
import { goldenProvenanceOf } from './golden-provenance.js';
import { isMissingFile } from '../trajectory/trajectory-file.js';
import { goldenPath, readGoldenFile, withGoldenLock, writeGoldenFile } from './golden-store.js';

export interface UpdateGoldensOptions extends GoldenRunsOptions {
  readonly dir: string;
  /** Each gets `<dir>/<scenario>/<backend>.json`. */
  readonly scenarios: readonly ScenarioConfig[];
  /** Per runtime, its backends; each pair gets a file per scenario. */
  readonly plan: readonly { readonly runtime: RuntimeName; readonly backends: readonly BackendName[] }[];
  /** Why the numbers are being replaced; recorded in the file's history. */
  readonly reason: string;
  /** A new cross-version budget; the previous file's budget is kept otherwise. */
  readonly budget?: GoldenBudget;
  /** `golden update` never runs in CI: goldens change only by a reviewed commit. */
  readonly ci: boolean;
  /** Told when the folder's lock was left by a process that no longer runs, and is taken over. */
  readonly onStaleLock?: (message: string) => void;
}

export interface GoldenUpdate {
  readonly file: string;
  /** Against the golden it replaces; `initial` when there was none (or it was invalid). */
  readonly classification: GoldenVerdict | 'initial';
  readonly provenanceChanges: readonly ProvenanceChange[];
  readonly previousInvalid?: string;
}

/**
 * The only writer of goldens. Runs every golden run for each backend in fresh processes, then —
 * only when all of them succeeded — writes each file atomically under a folder lock.
 */
export async function updateGoldens(options: UpdateGoldensOptions): Promise<GoldenUpdate[]> {
  if (options.ci) {
    throw new ReproError(
      'usage',
      'golden update refuses to run in CI (CI is set): goldens change only through a reviewed commit. Run it locally and commit the files.',
    );
  }
  if (options.reason.trim() === '') throw new ReproError('usage', '--reason: expected a non-empty explanation of why the goldens change, got "" (string)');
  await mkdir(options.dir, { recursive: true });
  return withGoldenLock(options.dir, () => updateUnderLock(options), options.onStaleLock);
}

async function updateUnderLock(options: UpdateGoldensOptions): Promise<GoldenUpdate[]> {
  // A runtime that cannot build a scenario (keras: the seed experiment only) has no golden of it.
  const entries = options.scenarios.flatMap((scenario) =>
    options.plan.flatMap(({ runtime, backends }) =>
      scenarioUnavailableIn(runtime, scenario) !== undefined
        ? []
        : backends.map((backend) => ({
            file: goldenPath(options.dir, scenario.scenario, backend, runtime),
            golden: { scenario, backend, runtime, runs: goldenRunsFor(getScenario(scenario.scenario).stateful) },
          })),
    ),
  );
  // Each golden's first run also records its first step's kernel trace (where the runtime traces
  // kernels), so that a later drift names its first kernel: no extra run.
  const results = await runGoldenRequests(entries, goldenExecutor(options), true);
  for (const entry of entries) {
    const result = results.get(entry.file)!;
    if (result instanceof ReproError) throw result;
  }
  // An interrupt after the last run still writes nothing.
  options.spawnOptions?.cancelSignal?.throwIfAborted();
  const updates: GoldenUpdate[] = [];
  for (const entry of entries) {
    const trajectories = results.get(entry.file) as Trajectory[];
    const previous = await readGoldenFile(entry.file).catch((error: ReproError) => error);
    const hadValid = !(previous instanceof ReproError);
    const judged = hadValid ? judgeGolden(entry.file, previous, trajectories) : undefined;
    const classification = judged?.verdict ?? 'initial';
    const built = buildGolden(options, entry.golden.scenario, entry.golden.backend, trajectories, hadValid ? previous : undefined, classification);
    const trace = trajectories[0]?.kernelTrace;
    const golden = trace === undefined ? built : { ...built, kernelTrace: trace };
    await mkdir(path.dirname(entry.file), { recursive: true });
    await writeGoldenFile(entry.file, golden);
    updates.push({
      file: entry.file,
      classification,
      provenanceChanges: judged?.provenanceChanges ?? [],
      ...(previous instanceof ReproError && !isMissingFile(previous) ? { previousInvalid: previous.message.split('\n')[0]! } : {}),
    });
  }
  return updates;
}

function buildGolden(
  options: UpdateGoldensOptions,
  scenario: ScenarioConfig,
  backend: BackendName,
  trajectories: readonly Trajectory[],
  previous: GoldenFile | undefined,
  classification: GoldenVerdict | 'initial',
): GoldenFile {
  const provenance = goldenProvenanceOf(trajectories[0]!.provenance);
  return {
    format: GOLDEN_FORMAT,
    version: GOLDEN_VERSION,
    scenario,
    backend,
    provenance,
    budget: options.budget ?? previous?.budget ?? NO_BUDGET,
    runs: trajectories.map((t) => ({
      case: t.request.case,
      reset: t.request.reset,
      epochs: t.epochs.map(({ epoch, loss, lossBits, numTensors }) => ({ epoch, loss, lossBits, numTensors })),
      batches: t.batches.map(({ epoch, batch, loss, lossBits }) => ({ epoch, batch, loss, lossBits })),
      weightDigests: t.weightDigests,
    })),
    history: [...(previous?.history ?? []), { reason: options.reason, classification, packages: provenance.packages, nodeMajor: provenance.nodeMajor }],
  };
}
