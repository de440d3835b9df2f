/** Parsing and validation of the options the commands share. */
import os from 'node:os';
import { Command, Option } from 'commander';
import { ReproError, describeValue } from '../errors.js';
import { CLAIM_NAMES, type ClaimName } from '../invariants/claims.js';
import { RESET_POLICIES, RUN_CASES } from '../trajectory/run-request.js';
import { invalid } from '../validation.js';
import { DEFAULT_RUN_TIMEOUT_MS } from '../run/run-limits.js';
import { CONFIG_FILE_NAMES } from '../config/project-config.js';
import { OPTIMIZER_NAMES, SCENARIO_DEFAULTS, SCENARIO_NAMES } from '../scenario/config.js';
import { BACKEND_NAMES, type BackendName } from '../tfjs/backends.js';

export const SCENARIO_FLAGS = {
  scenario: '--scenario',
  seed: '--seed',
  samples: '--samples',
  step: '--step',
  noise: '--noise',
  batchSize: '--batch-size',
  epochs: '--epochs',
  units: '--units',
  layers: '--layers',
  optimizer: '--optimizer',
  learningRate: '--learning-rate',
  case: '--case',
  reset: '--reset',
  backend: '--backend',
} as const;

export const nameOf = (field: string): string => SCENARIO_FLAGS[field as keyof typeof SCENARIO_FLAGS] ?? field;

export function addScenarioOptions(command: Command): Command {
  // No commander defaults for scenario fields: a field left out takes its scenario's default
  // (the seed experiment's are shown; blobs-dropout-classifier has its own, see the README).
  const d = SCENARIO_DEFAULTS;
  return command
    .option('--config <file>', `project config (default: the nearest ${CONFIG_FILE_NAMES[0]} or .mjs/.js from the working directory up)`)
    .option(
      '--scenario <name|path>',
      `a built-in scenario (${SCENARIO_NAMES.join(', ')}), one named in the config, or the path of a scenario module (default: the config's scenarios, else ${d.scenario})`,
    )
    .option('--param <name=value>', "a scenario's own parameter (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--seed <n>', `master seed, integer 0 … 4294967295 (0 is a seed like any other) (default: ${d.seed})`)
    .option('--samples <n>', `samples (default: ${d.samples} for the seed experiment)`)
    .option('--step <x>', `step of t between samples, stateful-lstm-sine only (default: ${d.step})`)
    .option('--noise <x>', `standard deviation of the input noise (default: ${d.noise} for the seed experiment)`)
    .option('--batch-size <n>', `batch size; must divide --samples for stateful scenarios (default: ${d.batchSize} for the seed experiment)`)
    .option('--epochs <n>', `epochs (default: ${d.epochs} for the seed experiment)`)
    .option('--units <n>', `units per layer (default: ${d.units} for the seed experiment)`)
    .option('--layers <n>', `stacked layers (default: ${d.layers} stateful LSTM layers for the seed experiment)`)
    .option(
      '--optimizer <name>',
      `${OPTIMIZER_NAMES.join(' | ')} (adadelta is Keras-faithful; adadelta-tfjs is tfjs's stock formula) (default: ${d.optimizer} for the seed experiment)`,
    )
    .option('--learning-rate <x>', 'learning rate (default: Keras 2.0.4: 1.0 adadelta, 0.01 sgd, 0.001 adam)')
    .option('--timeout <ms>', 'kill a child run after this many ms', String(DEFAULT_RUN_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout instead of text');
}

export const caseOption = () => new Option('--case <case>', 'loop: N × fit(epochs=1); single: one fit(epochs=N)').choices(RUN_CASES).default('loop');

export const resetOption = () => new Option('--reset <policy>', 'none, or epoch: resetStates() after every epoch').choices(RESET_POLICIES).default('none');

export const parallelismOption = () => new Option('--parallelism <n>', 'child processes at once').default(String(os.availableParallelism()));

export type RawOptions = Record<string, string | boolean | string[] | undefined>;

/** A CLI string as the value a validator should see: a number when it reads as one. */
export function numeric(text: string | boolean | string[] | undefined): unknown {
  if (typeof text !== 'string') return text;
  const value = Number(text);
  return text.trim() !== '' && !Number.isNaN(value) ? value : text;
}

export function scenarioOptionsOf(raw: RawOptions): Record<string, unknown> {
  const options: Record<string, unknown> = {
    scenario: raw.scenario,
    seed: numeric(raw.seed),
    samples: numeric(raw.samples),
    step: numeric(raw.step),
    noise: numeric(raw.noise),
    batchSize: numeric(raw.batchSize),
    epochs: numeric(raw.epochs),
    units: numeric(raw.units),
    layers: numeric(raw.layers),
    optimizer: raw.optimizer,
  };
  if (raw.learningRate !== undefined) options.learningRate = numeric(raw.learningRate);
  return options;
}

export function timeoutOf(raw: RawOptions): number {
  const value = numeric(raw.timeout);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid('invalid options', [`--timeout: expected a whole number of milliseconds ≥ 1, got ${describeValue(value)}`]);
  }
  return value;
}

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Aborted on SIGINT/SIGTERM: running children are killed and nothing more is written. */
  readonly signal: AbortSignal;
  /** Where relative paths and the config search start. */
  readonly cwd: string;
}

export function parseBackends(text: string): BackendName[] {
  const names = text.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !(BACKEND_NAMES as readonly string[]).includes(name));
  if (bad.length > 0 || names.length === 0) {
    throw invalid('invalid options', [`--backend: expected a comma-separated list of ${BACKEND_NAMES.join(', ')}, got ${describeValue(text)}`]);
  }
  return [...new Set(names)] as BackendName[];
}

export function parseClaims(text: string | undefined): ClaimName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim());
  const bad = names.filter((name) => !(CLAIM_NAMES as readonly string[]).includes(name));
  if (bad.length > 0) throw invalid('invalid options', [`--claims: expected a comma-separated list of ${CLAIM_NAMES.join(', ')}, got ${describeValue(text)}`]);
  return names as ClaimName[];
}

export function parallelismOf(raw: RawOptions): number {
  const value = numeric(raw.parallelism);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 64) {
    throw invalid('invalid options', [`--parallelism: expected an integer from 1 to 64, got ${describeValue(value)}`]);
  }
  return value;
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}

/** Gathers the usage problems of several validators, so that one call reports all of them. */
export function createIssueCollector() {
  const issues: string[] = [];
  return {
    /** Runs a validator; a usage error becomes collected issues and the result undefined. */
    collect<T>(validate: () => T): T | undefined {
      try {
        return validate();
      } catch (error) {
        if (!(error instanceof ReproError) || error.code !== 'usage') throw error;
        issues.push(...error.issues);
        return undefined;
      }
    },
    add(issue: string): void {
      issues.push(issue);
    },
    /** Throws one usage error listing every collected issue, if there is any. */
    throwIfAny(): void {
      if (issues.length > 0) throw invalid('invalid options', issues);
    },
  };
}
