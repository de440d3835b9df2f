import { describeValue } from '../errors.js';
import { invalid, type NameOf } from '../validation.js';
import { MAX_SEED, OPTIMIZER_NAMES, SCENARIO_DEFAULTS, type OptimizerName, type ParamValue, type ScenarioConfig } from './scenario-config.js';
import { findScenario, scenarioNames } from './scenario-registry.js';

export {
  MAX_SEED,
  OPTIMIZER_NAMES,
  SCENARIO_DEFAULTS,
  SCENARIO_NAMES,
  type OptimizerName,
  type ParamValue,
  type ScenarioConfig,
  type ScenarioFields,
  type ScenarioName,
  type ScenarioOptions,
} from './scenario-config.js';

/** Keras 2.0.4 defaults (the seed's version), docs/design.md, fact 3. */
export const DEFAULT_LEARNING_RATES: Readonly<Record<OptimizerName, number>> = {
  adadelta: 1.0,
  'adadelta-tfjs': 1.0,
  sgd: 0.01,
  adam: 0.001,
};

const LIMITS = {
  samples: [1, 1_000_000],
  batchSize: [1, 1_000_000],
  epochs: [1, 100_000],
  units: [1, 1024],
  layers: [1, 8],
} as const;

type Issue = string;

/**
 * Resolves user options to a complete, validated config. Every problem is reported at once,
 * each as `field: expected …, got value (type)`.
 */
export function resolveScenarioConfig(options: unknown, nameOf: NameOf = (field) => field, validation: ScenarioValidation = 'registered'): ScenarioConfig {
  const issues: Issue[] = [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid('invalid scenario config', [`scenario: expected an object, got ${describeValue(options)}`]);
  }
  const input = options as Record<string, unknown>;
  const known = new Set<string>([...Object.keys(SCENARIO_DEFAULTS), 'learningRate', 'params']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push(`${key}: unknown field; allowed: ${[...known].join(', ')}`);
  }

  const scenario = input.scenario === undefined ? SCENARIO_DEFAULTS.scenario : input.scenario;
  const definition = typeof scenario === 'string' ? findScenario(scenario) : undefined;
  // A saved file names a user's scenario module that this process may never have loaded: its
  // config is then checked by its own shape (names, types, ranges), not against the registry.
  const byShape = validation === 'shape' && definition === undefined && typeof scenario === 'string' && /^[a-z0-9-]+$/.test(scenario);
  if (definition === undefined && !byShape) {
    issues.push(
      `scenario: expected one of ${scenarioNames().join(', ')}, or the path of a scenario module (./my-scenario.mjs), got ${describeValue(scenario)}`,
    );
  }
  const defaults = { ...SCENARIO_DEFAULTS, ...definition?.defaults };
  // Unknown (a saved file's unregistered module): its batch size was checked when it ran.
  const stateful = definition?.stateful ?? !byShape;
  const pick = <T>(key: keyof ScenarioConfig, fallback: T): unknown => (input[key] === undefined ? fallback : input[key]);

  const seed = pick('seed', defaults.seed);
  if (!isIntegerIn(seed, 0, MAX_SEED)) {
    issues.push(`seed: expected an integer from 0 to ${MAX_SEED}, got ${describeValue(seed)}`);
  }
  const integers: Record<keyof typeof LIMITS, unknown> = {
    samples: pick('samples', defaults.samples),
    batchSize: pick('batchSize', defaults.batchSize),
    epochs: pick('epochs', defaults.epochs),
    units: pick('units', defaults.units),
    layers: pick('layers', defaults.layers),
  };
  for (const [key, [min, max]] of Object.entries(LIMITS) as [keyof typeof LIMITS, readonly [number, number]][]) {
    if (!isIntegerIn(integers[key], min, max)) {
      issues.push(`${key}: expected an integer from ${min} to ${max}, got ${describeValue(integers[key])}`);
    }
  }
  const { samples, batchSize } = integers;
  if (stateful && isIntegerIn(samples, 1, Infinity) && isIntegerIn(batchSize, 1, Infinity) && samples % batchSize !== 0) {
    issues.push(`batchSize: expected a divisor of samples (${samples}) since stateful layers need every batch full, got ${describeValue(batchSize)}`);
  }
  const step = pick('step', defaults.step);
  if (!isFiniteIn(step, Number.MIN_VALUE, 1e6)) issues.push(`step: expected a positive finite number, got ${describeValue(step)}`);
  const noise = pick('noise', defaults.noise);
  if (!isFiniteIn(noise, 0, 1e6)) issues.push(`noise: expected a finite number ≥ 0, got ${describeValue(noise)}`);
  const optimizer = pick('optimizer', defaults.optimizer);
  const optimizerKnown = (OPTIMIZER_NAMES as readonly unknown[]).includes(optimizer);
  if (!optimizerKnown) issues.push(`optimizer: expected one of ${OPTIMIZER_NAMES.join(', ')}, got ${describeValue(optimizer)}`);
  // A definition's learning rate goes with its optimizer; another optimizer takes Keras's default.
  const ownRate = definition?.defaults?.learningRate !== undefined && optimizer === defaults.optimizer ? definition.defaults.learningRate : undefined;
  const learningRate = pick('learningRate', ownRate ?? (optimizerKnown ? DEFAULT_LEARNING_RATES[optimizer as OptimizerName] : 1));
  if (!isFiniteIn(learningRate, Number.MIN_VALUE, 1e6)) {
    issues.push(`learningRate: expected a positive finite number, got ${describeValue(learningRate)}`);
  }

  const params = byShape ? shapeOfParams(input.params, issues) : resolveParams(input.params, definition?.params ?? {}, issues);

  if (issues.length === 0 && definition?.validate !== undefined) {
    const config = { scenario, seed, ...integers, step, noise, optimizer, learningRate, params } as ScenarioConfig;
    issues.push(...definition.validate(config));
  }
  if (issues.length > 0)
    throw invalid(
      'invalid scenario config',
      issues.map((line) => renameField(line, nameOf)),
    );
  return Object.freeze({ scenario, seed, ...integers, step, noise, optimizer, learningRate, params } as ScenarioConfig);
}

/** `registered`: the scenario must be known to this process; `shape`: a saved config of any scenario, checked by its shape. */
export type ScenarioValidation = 'registered' | 'shape';

/** The params of a scenario this process does not know: an object of numbers, strings and booleans. */
function shapeOfParams(given: unknown, issues: Issue[]): Readonly<Record<string, ParamValue>> {
  if (given === undefined) return Object.freeze({});
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    issues.push(`params: expected an object of the scenario's parameters, got ${describeValue(given)}`);
    return Object.freeze({});
  }
  for (const [key, value] of Object.entries(given)) {
    if (!['number', 'string', 'boolean'].includes(typeof value))
      issues.push(`params.${key}: expected a number, string or boolean, got ${describeValue(value)}`);
  }
  return Object.freeze({ ...(given as Record<string, ParamValue>) });
}

/** A scenario's own parameters: the declared ones only, each of its default's type. */
function resolveParams(given: unknown, declared: Readonly<Record<string, ParamValue>>, issues: Issue[]): Readonly<Record<string, ParamValue>> {
  const params: Record<string, ParamValue> = { ...declared };
  if (given === undefined) return Object.freeze(params);
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    issues.push(`params: expected an object of the scenario's parameters, got ${describeValue(given)}`);
    return Object.freeze(params);
  }
  const names = Object.keys(declared);
  for (const [key, value] of Object.entries(given)) {
    if (!(key in declared)) {
      issues.push(`params.${key}: unknown parameter; ${names.length === 0 ? 'this scenario declares none' : `declared: ${names.join(', ')}`}`);
    } else if (typeof value !== typeof declared[key] || (typeof value === 'number' && !Number.isFinite(value))) {
      issues.push(`params.${key}: expected a ${typeof declared[key] === 'number' ? 'finite number' : typeof declared[key]}, got ${describeValue(value)}`);
    } else {
      params[key] = value as ParamValue;
    }
  }
  return Object.freeze(params);
}

function renameField(issue: string, nameOf: NameOf): string {
  const colon = issue.indexOf(':');
  return `${nameOf(issue.slice(0, colon))}${issue.slice(colon)}`;
}

export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isFiniteIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
