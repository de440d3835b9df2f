/** Parsing and validation of the options the commands share. */
import { ReproError, describeValue } from '../errors.js';
import { CLAIM_NAMES, type ClaimName } from '../invariants/claims.js';
import { invalid } from '../validation.js';
import { BACKEND_NAMES } from '../runtimes/runtime-profiles.js';
import type { BackendName } from '../tfjs/backend-names.js';

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
  tfjs: '--tfjs',
  mathRandom: '--math-random',
} as const;

export const nameOf = (field: string): string => SCENARIO_FLAGS[field as keyof typeof SCENARIO_FLAGS] ?? field;

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
