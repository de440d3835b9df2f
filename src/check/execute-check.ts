import os from 'node:os';
import { ReproError } from '../errors.js';
import { DEFAULT_RUNTIME } from '../runtimes/runtime-profiles.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { createRunExecutor, type RunExecutor, type RunJob } from '../execute/run-executor.js';
import { type CheckOptions, type ExecutingCheck } from './check-result.js';
import { type PlannedRun } from './plan-check.js';

/** What executing a plan gave: trajectories and failures by run key. */
export interface ExecutedPlan {
  readonly runs: ReadonlyMap<string, Trajectory>;
  readonly failures: ReadonlyMap<string, ReproError>;
}

/** A check's options with its runtime and its executor decided: the given one, or one of its own. */
export function executingCheck(options: CheckOptions): ExecutingCheck {
  return { ...options, runtime: options.runtime ?? DEFAULT_RUNTIME, executor: executorOf(options) };
}

/** The executor of a check run on its own: its own bound, its spawner (a fake one in tests), its events. */
function executorOf(options: CheckOptions): RunExecutor {
  if (options.executor !== undefined) return options.executor;
  const { spawn } = options;
  return createRunExecutor({
    parallelism: options.parallelism ?? os.availableParallelism(),
    ...(spawn === undefined ? {} : { spawnFor: () => spawn }),
    ...(options.spawnOptions === undefined ? {} : { spawnOptions: options.spawnOptions }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
}

/** Step 2: every planned run through the executor; trajectories and failures by run key. */
export async function executePlan(plan: ReadonlyMap<string, PlannedRun>, options: ExecutingCheck): Promise<ExecutedPlan> {
  const settled = await options.executor.runAll([...plan].map(([key, planned]) => jobOf(key, planned, options)));
  const runs = new Map<string, Trajectory>();
  const failures = new Map<string, ReproError>();
  for (const [key, outcome] of settled) {
    if (outcome instanceof ReproError) failures.set(key, outcome);
    else runs.set(key, outcome);
  }
  return { runs, failures };
}

export function executeOne(key: string, planned: PlannedRun, options: ExecutingCheck): Promise<Trajectory> {
  return options.executor.run(jobOf(key, planned, options));
}

function jobOf(key: string, planned: PlannedRun, options: ExecutingCheck): RunJob {
  return { key, runtime: options.runtime, request: planned.request, spawnOptions: planned.spawnOptions };
}
