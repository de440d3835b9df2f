import { describeValue, ReproError } from '../errors.js';
import { checkChoice, invalid, type NameOf } from '../validation.js';

import { resolveScenarioConfig, type ScenarioConfig, type ScenarioValidation } from '../scenario/config.js';
import type { BackendName } from '../tfjs/backend-names.js';
import { isFloat32Hex } from './float32.js';
import { RESET_POLICIES, RUN_CASES, type ResetPolicy, type RunCase } from './run-case.js';

export { RESET_POLICIES, RUN_CASES, type ResetPolicy, type RunCase } from './run-case.js';

export interface RunRequest {
  readonly scenario: ScenarioConfig;
  readonly case: RunCase;
  readonly reset: ResetPolicy;
  readonly backend: BackendName;
  /**
   * Start from these weights (float32 bit patterns, model order) instead of the seeded
   * initializers: cross-backend comparisons need the same start, since the orthogonal
   * initializer runs on the backend (docs/design.md, fact 6).
   */
  readonly initialWeights?: readonly NamedWeight[];
  /**
   * Record a per-kernel trace of the training steps up to and including this batch, and stop
   * training there (a diagnosis's replay; see train/kernel-trace.ts), or with `keepTraining` go on
   * to the end untraced (a golden's first step, recorded by its base run). Runtimes whose
   * capability `kernelTrace` is false leave it unrecorded.
   */
  readonly trace?: { readonly upTo: { readonly epoch: number; readonly batch: number }; readonly keepTraining?: boolean };
  /**
   * `native`: leave `Math.random` as the platform gives it, as an app that does not seed it runs
   * (the `rerun-native-random` claim, `--math-random native`). Absent: the child seeds it from the
   * run's seed before tfjs loads and again after (docs/design.md, facts 11 and 23).
   */
  readonly mathRandom?: 'native';
  /**
   * A published tfjs release to train with (`4.21.0`), installed from the npm registry into the
   * cache (`--tfjs`). Absent: the tfjs the project resolves (where tfjs-repro is installed).
   */
  readonly tfjs?: string;
}

export interface RunRequestOptions {
  readonly scenario?: unknown;
  /** @default 'loop' */
  readonly case?: unknown;
  /** @default 'none' */
  readonly reset?: unknown;
  /** A backend's name; which backends exist, and the default, are the runtimes' (src/runtimes/runtime-profiles.ts). */
  readonly backend?: unknown;
  readonly initialWeights?: unknown;
  readonly trace?: unknown;
  readonly mathRandom?: unknown;
  readonly tfjs?: unknown;
}

export function resolveRunRequest(options: RunRequestOptions, nameOf: NameOf = (field) => field, validation: ScenarioValidation = 'registered'): RunRequest {
  const issues: string[] = [];
  const runCase = options.case ?? 'loop';
  const reset = options.reset ?? 'none';
  const backend = options.backend;
  checkChoice(issues, nameOf('case'), runCase, RUN_CASES);
  checkChoice(issues, nameOf('reset'), reset, RESET_POLICIES);
  if (typeof backend !== 'string' || !/^[a-z][a-z0-9-]*$/.test(backend))
    issues.push(`${nameOf('backend')}: expected a backend's name, got ${describeValue(backend)}`);
  let scenario: ScenarioConfig | undefined;
  try {
    scenario = resolveScenarioConfig(options.scenario ?? {}, nameOf, validation);
  } catch (error) {
    if (!(error instanceof ReproError)) throw error;
    issues.push(...error.issues);
  }
  const weights = options.initialWeights;
  if (weights !== undefined && !isNamedWeightList(weights)) {
    issues.push(`${nameOf('initialWeights')}: expected an array of { name, shape, bits: float32 hex[] }, got ${describeValue(weights)}`);
  }
  const trace = options.trace;
  if (trace !== undefined && !isTraceRequest(trace)) {
    issues.push(`${nameOf('trace')}: expected { upTo: { epoch, batch } } with positive integers (and keepTraining: boolean), got ${describeValue(trace)}`);
  }
  const { mathRandom } = options;
  if (mathRandom !== undefined && mathRandom !== 'native')
    issues.push(`${nameOf('mathRandom')}: expected "native" or nothing, got ${describeValue(mathRandom)}`);
  const { tfjs } = options;
  if (tfjs !== undefined && !(typeof tfjs === 'string' && /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(tfjs)))
    issues.push(`${nameOf('tfjs')}: expected a published version such as 4.21.0, got ${describeValue(tfjs)}`);
  if (issues.length > 0 || scenario === undefined) throw invalid('invalid run request', issues);
  return Object.freeze({
    scenario,
    case: runCase as RunCase,
    reset: reset as ResetPolicy,
    backend: backend as BackendName,
    ...(weights === undefined ? {} : { initialWeights: weights as readonly NamedWeight[] }),
    ...(trace === undefined ? {} : { trace: trace as NonNullable<RunRequest['trace']> }),
    ...(mathRandom === undefined ? {} : { mathRandom: 'native' as const }),
    ...(tfjs === undefined ? {} : { tfjs: tfjs as string }),
  });
}

function isTraceRequest(value: unknown): boolean {
  const { upTo, keepTraining } = (value ?? {}) as { upTo?: { epoch?: unknown; batch?: unknown }; keepTraining?: unknown };
  if (keepTraining !== undefined && typeof keepTraining !== 'boolean') return false;
  return typeof upTo === 'object' && upTo !== null && [upTo.epoch, upTo.batch].every((n) => Number.isInteger(n) && (n as number) >= 1);
}

function isNamedWeightList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (w) =>
        typeof w === 'object' &&
        w !== null &&
        typeof w.name === 'string' &&
        Array.isArray(w.shape) &&
        Array.isArray(w.bits) &&
        (w.bits as unknown[]).every(isFloat32Hex) &&
        (w.shape as number[]).reduce((a, b) => a * b, 1) === w.bits.length,
    )
  );
}

export interface NamedWeight {
  /** e.g. `lstm_1/kernel`, `lstm_1/recurrent_kernel`, `lstm_1/bias`, `dense/kernel`, `dense/bias`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly bits: readonly string[];
}
