import path from 'node:path';
import { compareTrajectories } from '../compare/compare-trajectories.js';
import { renderWhyLines } from '../report/render-diagnosis.js';
import { diagnoseViolation } from '../diagnosis/diagnose-violation.js';
import { EXIT_CODES, ReproError } from '../errors.js';
import { diagnosisJson, divergenceJson } from '../report/render-check-json.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import type { Io, RawOptions } from './options.js';
import { readRunPair } from './read-run-pair.js';
import type { Divergence } from '../compare/compare-trajectories.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import { refineByReplay, type ReplayedRun } from '../check/trace-replay.js';
import { assertRunnable, runtimeNamed } from '../runtimes/registry.js';
import { createRunExecutor } from '../execute/run-executor.js';
import { findScenario } from '../scenario/scenario-registry.js';
import { loadScenarioModule } from '../scenario/load-scenario-module.js';
import type { Trajectory } from '../trajectory/trajectory.js';

export const DIAGNOSIS_FORMAT = 'tfjs-repro/diagnosis';

/** `diagnose a.json b.json`: why two saved runs part (exit 1), or that they do not (exit 0). */
export async function commandDiagnose(fileA: string, fileB: string, raw: RawOptions, io: Io): Promise<number> {
  const [a, b] = await readRunPair(fileA, fileB);
  const comparison = compareTrajectories(a, b);
  if (comparison.kind === 'incomparable')
    throw new ReproError('input-file', `${fileA} and ${fileB} cannot be diagnosed as one request's two runs: ${comparison.reason}`);
  const divergence = comparison.kind === 'identical' ? undefined : comparison.first;
  let diagnosis = comparison.kind === 'identical' ? undefined : diagnoseViolation({ a, b, divergence });
  if (raw.replay === true && diagnosis !== undefined && divergence !== undefined) diagnosis = await replayTraced(a, b, diagnosis, divergence, raw, io);
  if (raw.json) {
    io.stdout.write(
      serializeJson({
        format: DIAGNOSIS_FORMAT,
        version: 1,
        identical: diagnosis === undefined,
        firstDivergence: divergence === undefined ? null : divergenceJson(divergence),
        diagnosis: diagnosis === undefined ? null : diagnosisJson(diagnosis),
      }),
    );
  } else if (diagnosis === undefined) {
    io.stdout.write(`${fileA} and ${fileB} are bitwise identical: nothing to diagnose.\n`);
  } else {
    io.stdout.write(`${renderWhyLines(`${fileA} and ${fileB} part`, diagnosis).join('\n')}\n`);
  }
  return diagnosis === undefined ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}

/**
 * `--replay`: both runs again, each with the environment knobs its provenance records, with a
 * kernel trace up to the first divergent batch, to name the kernel where they part.
 */
async function replayTraced(a: Trajectory, b: Trajectory, diagnosis: Diagnosis, divergence: Divergence, raw: RawOptions, io: Io): Promise<Diagnosis> {
  const runtime = a.provenance.runtime;
  if (!runtimeNamed(runtime).capabilities.kernelTrace) {
    throw new ReproError(
      'usage',
      `--replay: runs of the ${runtime} runtime cannot be traced kernel by kernel; --replay takes runs of the node and chromium runtimes`,
    );
  }
  const name = a.request.scenario.scenario;
  if (typeof raw.scenario === 'string') await loadScenarioModule(path.resolve(raw.scenario), process.cwd(), raw.scenario);
  if (findScenario(name) === undefined) {
    throw new ReproError('usage', `--replay: the runs train scenario ${name}, which is not built in; pass its module with --scenario <path>`);
  }
  for (const run of [a, b]) assertRunnable(run.request, runtime);
  const { epoch } = divergence;
  const upTo = { epoch, batch: divergence.batch ?? Math.max(1, a.batches.filter((batch) => batch.epoch === epoch).length) };
  io.stderr.write(`replaying both runs with a kernel trace up to epoch ${upTo.epoch} batch ${upTo.batch}…\n`);
  // Both replays at once, each with the environment its provenance records.
  const executor = createRunExecutor({ parallelism: 2, spawnOptions: { cancelSignal: io.signal } });
  const replayed = (run: Trajectory): ReplayedRun => ({ request: run.request, spawnOptions: { env: { ...run.provenance.env } } });
  const pair = [replayed(a), replayed(b)] as const;
  return refineByReplay(diagnosis, pair, upTo, (run, i) => executor.run({ key: `replay ${i + 1}`, runtime, ...run }));
}
