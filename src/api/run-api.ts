import { runCheckSet, type CheckSetResult } from '../check/check-set.js';
import { resolveCheck } from '../plan/resolve-check.js';
import { assertRunnable, DEFAULT_RUNTIME, spawnFor } from '../runtimes/registry.js';
import { compareTrajectories, type Comparison } from '../compare/compare-trajectories.js';
import { parseTolerance } from '../compare/tolerance.js';
import type { ClaimName } from '../invariants/claims.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import { resolveRunRequest, type ResetPolicy, type RunCase } from '../trajectory/run-request.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { BACKEND_NAMES, DEFAULT_BACKEND, isBackendName, isRuntimeName, RUNTIME_NAMES } from '../runtimes/runtime-profiles.js';
import { describeValue } from '../errors.js';
import { invalid } from '../validation.js';
import { readTrajectoryFile } from '../trajectory/trajectory-file.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { resolveScenarioInput, type ScenarioInput } from './resolve-scenario.js';

export interface RunOptions {
  readonly scenario: ScenarioInput;
  /** @default 'loop' */
  readonly case?: RunCase;
  /** @default 'none' */
  readonly reset?: ResetPolicy;
  /** @default DEFAULT_BACKEND */
  readonly backend?: BackendName;
  /** @default DEFAULT_RUNTIME */
  readonly runtime?: RuntimeName;
  /** Kill the run after this long. @default 600000 */
  readonly timeoutMs?: number;
  /** Where a module path of `scenario` is relative to. @default process.cwd() */
  readonly cwd?: string;
  readonly signal?: AbortSignal;
}

/**
 * Trains once in a fresh process (Node child or Chromium page) with an allow-listed environment,
 * exactly as `tfjs-repro run` does, and returns the trajectory that `run --json` prints. Failures
 * are `ReproError`s with the CLI's codes and the command that reproduces the run.
 */
export async function run(options: RunOptions): Promise<Trajectory> {
  const scenario = await resolveScenarioInput(options.scenario, options.cwd);
  const request = resolveRunRequest({ scenario, case: options.case, reset: options.reset, backend: options.backend ?? DEFAULT_BACKEND });
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  if (!isRuntimeName(runtime)) throw invalid('invalid options', [`runtime: expected one of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(runtime)}`]);
  if (!isBackendName(request.backend))
    throw invalid('invalid options', [`backend: expected one of ${BACKEND_NAMES.join(', ')}, got ${describeValue(request.backend)}`]);
  assertRunnable(request, runtime);
  return spawnFor(runtime)(request, { timeoutMs: options.timeoutMs, cancelSignal: options.signal });
}

export interface CheckOptions {
  /** One scenario or several. */
  readonly scenario: ScenarioInput | readonly ScenarioInput[];
  /** @default each runtime's own (chromium and keras: all of theirs), else [DEFAULT_BACKEND] */
  readonly backends?: readonly BackendName[];
  /** @default [DEFAULT_RUNTIME] */
  readonly runtimes?: readonly RuntimeName[];
  /** @default every claim that applies */
  readonly claims?: readonly ClaimName[];
  /** Known violations, as a config's `expect`. @default {} */
  readonly expected?: ExpectedVerdicts;
  /** @default the number of cores */
  readonly parallelism?: number;
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
}

/** Runs the claims as `tfjs-repro check` does: separate processes, the same verdicts, the same cross-runtime claims. */
export async function check(options: CheckOptions): Promise<CheckSetResult> {
  const inputs = Array.isArray(options.scenario) ? (options.scenario as readonly ScenarioInput[]) : [options.scenario as ScenarioInput];
  const scenarios = [];
  for (const input of inputs) scenarios.push(await resolveScenarioInput(input, options.cwd));
  const resolved = resolveCheck({ runtimes: options.runtimes, backends: options.backends, claims: options.claims, parallelism: options.parallelism });
  return runCheckSet({
    scenarios,
    ...resolved,
    expectedFor: () => options.expected ?? {},
    spawnOptions: { timeoutMs: options.timeoutMs, cancelSignal: options.signal },
  });
}

/** Compares two trajectories (or files saved by `run --out`): the first divergence and the largest distances, as `tfjs-repro compare`. */
export async function compare(a: Trajectory | string, b: Trajectory | string, tolerance = 'exact'): Promise<Comparison> {
  const [ta, tb] = await Promise.all([a, b].map((t) => (typeof t === 'string' ? readTrajectoryFile(t) : t)));
  return compareTrajectories(ta!, tb!, parseTolerance(tolerance));
}
