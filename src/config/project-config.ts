import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReproError, describeValue } from '../errors.js';
import { CLAIM_NAMES } from '../invariants/claims.js';
import { CROSS_RUNTIME_CLAIMS, parseExpectationKey, type ExpectedVerdicts } from '../invariants/expectations.js';
import { isModuleReference, loadScenarioModule } from '../scenario/load-scenario-module.js';
import { BACKEND_NAMES, backendsIn, RUNTIME_NAMES, DEFAULT_BACKEND } from '../runtimes/runtime-profiles.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { parseExcuseEntries } from './excuses.js';
import { CONFIG_FILE_NAMES } from './config-file-names.js';

export { CONFIG_FILE_NAMES } from './config-file-names.js';

/**
 * What a project's `tfjs-repro.config.json` (or the default export of `.mjs`/`.js`) may hold.
 * Relative paths are relative to the config file's folder.
 */
export interface ProjectConfigOptions {
  /**
   * Built-in names, module paths, or `{ scenario, …fields, expect }` with per-scenario fields;
   * `expect: { "loop-equals-single": "violated" }` records a known violation, so that it does not
   * fail check and report (and its holding again does). @default ['stateful-lstm-sine']
   */
  readonly scenarios?: readonly (string | ({ readonly scenario: string } & Readonly<Record<string, unknown>>))[];
  /** Master seed of every scenario that does not set its own. */
  readonly seed?: number;
  /** Backends the commands that take a list run on. @default each command's own */
  readonly backends?: readonly string[];
  /**
   * Runtimes of `check`, `report` and `golden update`, each with its backends:
   * `{ "node": ["cpu", "wasm"], "chromium": ["wasm"] }`. @default { "node": the backends above }
   */
  readonly runtimes?: Readonly<Record<string, readonly string[]>>;
  /**
   * What may be missing on a machine without failing `check`, `report` and `golden check`: runtimes
   * (`"keras"`), backends (`"tensorflow"`) or `"runtime/backend"` (`"keras/torch"`). Anything asked
   * for that cannot run and is not listed fails the command (exit 4); listed, it is reported as
   * excused. @default []
   */
  readonly optional?: readonly string[];
  readonly goldens?: {
    /** @default 'fixtures/golden' */
    readonly dir?: string;
    /** ULP budget recorded by `golden update` when it writes a file (the tolerance after an upgrade). @default keep the file's, 0 for a new one */
    readonly budgetUlps?: number;
  };
  readonly report?: {
    /** @default 'docs/determinism' */
    readonly dir?: string;
  };
}

/** Per runtime, its backends. */
export type RuntimeBackends = Readonly<Partial<Record<RuntimeName, readonly BackendName[]>>>;

/** A scenario of the config: its registered name, the fields the config sets for it, its known violations, and where it runs if not where the others do. */
export interface ProjectScenario {
  readonly scenario: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly expected: ExpectedVerdicts;
  /** Replaces the config's `runtimes` for this scenario (a costly backend for the cheap scenario only). */
  readonly runtimes?: RuntimeBackends;
}

/** A validated config, its scenario modules registered. */
export interface ProjectConfig {
  /** Absent when no config file was found: every field is then the commands' defaults. */
  readonly file?: string;
  /** Per scenario, in order: its registered name and the fields the config sets for it. */
  readonly scenarios: readonly ProjectScenario[];
  readonly backends?: readonly BackendName[];
  /** Per runtime, its backends; absent: Node only. */
  readonly runtimes?: Readonly<Partial<Record<RuntimeName, readonly BackendName[]>>>;
  /** Validated entries of `optional`. */
  readonly optional?: readonly string[];
  readonly goldenDir?: string;
  readonly budgetUlps?: number;
  readonly reportDir?: string;
}

/** `{ "node": ["cpu", "wasm"], "chromium": ["wasm"] }`: the first runtime with its first two backends, the second with the default backend, as a config writes them. */
const RUNTIMES_EXAMPLE = (() => {
  const [first, second] = RUNTIME_NAMES;
  const entry = (name: string | undefined, backends: readonly string[]) =>
    name === undefined ? [] : [`"${name}": [${backends.map((b) => `"${b}"`).join(', ')}]`];
  const shared = backendsIn(second ?? '').filter((b) => b === DEFAULT_BACKEND);
  return `{ ${[...entry(first, backendsIn(first ?? '').slice(0, 2)), ...entry(second, shared)].join(', ')} }`;
})();

/** `["keras/torch", "tensorflow"]`: a runtime's last backend, and a backend, as the optional list writes them. */
const OPTIONAL_EXAMPLE = (() => {
  const last = RUNTIME_NAMES.at(-1) ?? '';
  return `["${last}/${backendsIn(last).at(-1) ?? ''}", "${backendsIn(last)[0] ?? ''}"]`;
})();

const TOP_LEVEL_KEYS = ['scenarios', 'seed', 'backends', 'runtimes', 'optional', 'goldens', 'report'];

/** The nearest config file from `cwd` upwards, or undefined. */
export async function findProjectConfig(cwd: string): Promise<string | undefined> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      if (await exists(file)) return file;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Finds, reads and validates a config file (every issue at once, each `field: expected …, got …`),
 * then registers its scenario modules. `explicit`: a `--config` path, which must exist.
 */
export async function resolveProjectConfig(explicit: string | undefined, cwd: string): Promise<ProjectConfig> {
  const file = explicit === undefined ? await findProjectConfig(cwd) : path.resolve(cwd, explicit);
  if (file === undefined) return { scenarios: [] };
  if (explicit !== undefined && !(await exists(file))) throw new ReproError('usage', `--config: no such file ${JSON.stringify(explicit)}`);
  const parsed = parseProjectConfig(await readConfigValue(file), file);
  const registered = await registerScenarioModules(parsed.scenarios, file);
  const issues = [...parsed.scenarioIssues, ...registered.issues, ...parsed.issues];
  if (issues.length > 0) throw configError(file, issues);
  return { ...parsed.config, scenarios: registered.scenarios };
}

/** A scenario entry as the config spells it: a built-in name or a module reference, not yet registered. */
interface ScenarioEntry {
  readonly reference: string;
  readonly where: string;
  readonly fields: Record<string, unknown>;
  readonly expected: ExpectedVerdicts;
  readonly runtimes?: RuntimeBackends;
}

/** What a config file says, validated but with nothing loaded: pure (the same value gives the same result). */
export interface ParsedProjectConfig {
  readonly config: Omit<ProjectConfig, 'scenarios'>;
  readonly scenarios: readonly ScenarioEntry[];
  /** Unknown fields and the scenarios' issues (reported first, before the modules'), then the rest. */
  readonly scenarioIssues: readonly string[];
  readonly issues: readonly string[];
}

/** Validates a config's value: each section by its own function; relative folders against the config's. */
export function parseProjectConfig(value: unknown, file: string): ParsedProjectConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(file, [`(root): expected an object, got ${describeValue(value)}`]);
  }
  const input = value as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !TOP_LEVEL_KEYS.includes(key));
  const scenarioIssues = unknown.map((key) => `${key}: unknown field; allowed: ${TOP_LEVEL_KEYS.join(', ')}`);
  const issues: string[] = [];
  const scenarios = parseScenarios(input, scenarioIssues);
  const backends = parseBackends(input.backends, issues);
  const runtimes = parseRuntimes(input.runtimes, issues);
  const optional = parseOptional(input.optional, issues);
  const base = path.dirname(file);
  const goldens = section(input, 'goldens', ['dir', 'budgetUlps'], issues);
  const report = section(input, 'report', ['dir'], issues);
  const goldenDir = dirField(goldens, 'goldens.dir', base, issues);
  const reportDir = dirField(report, 'report.dir', base, issues);
  const budgetUlps = goldens.budgetUlps;
  if (budgetUlps !== undefined && !(typeof budgetUlps === 'number' && Number.isInteger(budgetUlps) && budgetUlps >= 0)) {
    issues.push(`goldens.budgetUlps: expected an integer ≥ 0, got ${describeValue(budgetUlps)}`);
  }
  const config = {
    file,
    ...(backends === undefined ? {} : { backends }),
    ...(runtimes === undefined ? {} : { runtimes }),
    ...(optional === undefined ? {} : { optional }),
    ...(goldenDir === undefined ? {} : { goldenDir }),
    ...(budgetUlps === undefined ? {} : { budgetUlps: budgetUlps as number }),
    ...(reportDir === undefined ? {} : { reportDir }),
  };
  return { config, scenarios, scenarioIssues, issues };
}

function parseScenarios(input: Record<string, unknown>, issues: string[]): ScenarioEntry[] {
  const entries = input.scenarios ?? [];
  if (!Array.isArray(entries)) {
    issues.push(`scenarios: expected an array of names, module paths or { scenario, … }, got ${describeValue(entries)}`);
    return [];
  }
  const scenarios: ScenarioEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    const where = `scenarios[${i}]`;
    const { scenario, expect, runtimes, ...fields } =
      typeof entry === 'string'
        ? { scenario: entry }
        : typeof entry === 'object' && entry !== null && !Array.isArray(entry)
          ? (entry as Record<string, unknown>)
          : { scenario: undefined };
    if (typeof scenario !== 'string' || scenario === '') {
      issues.push(`${where}: expected a scenario name, a module path or { scenario, … }, got ${describeValue(entry)}`);
      continue;
    }
    if (input.seed !== undefined && fields.seed === undefined) fields.seed = input.seed;
    const own = parseRuntimes(runtimes, issues, `${where}.runtimes`);
    scenarios.push({
      reference: scenario,
      where,
      fields,
      expected: expectedVerdicts(expect, `${where}.expect`, issues),
      ...(own === undefined ? {} : { runtimes: own }),
    });
  }
  return scenarios;
}

/** Loads each scenario module a config names (relative to the config's folder) and registers it; built-in names pass through. */
async function registerScenarioModules(entries: readonly ScenarioEntry[], file: string) {
  const issues: string[] = [];
  const scenarios: ProjectScenario[] = [];
  for (const { reference, where, fields, expected, runtimes } of entries) {
    let name = reference;
    if (isModuleReference(reference)) {
      try {
        name = (await loadScenarioModule(reference, path.dirname(file), `${reference} (${where} in ${file})`)).name;
      } catch (error) {
        if (!(error instanceof ReproError)) throw error;
        issues.push(`${where}: ${error.message}`);
        continue;
      }
    }
    scenarios.push({ scenario: name, fields, expected, ...(runtimes === undefined ? {} : { runtimes }) });
  }
  return { scenarios, issues };
}

function parseBackends(list: unknown, issues: string[]): BackendName[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0 || list.some((b) => !(BACKEND_NAMES as readonly unknown[]).includes(b))) {
    issues.push(`backends: expected a non-empty array of ${BACKEND_NAMES.join(', ')}, got ${describeValue(list)}`);
    return undefined;
  }
  return [...new Set(list as BackendName[])];
}

function parseRuntimes(value: unknown, issues: string[], where = 'runtimes'): Partial<Record<RuntimeName, BackendName[]>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    issues.push(`${where}: expected an object of runtime → backends, e.g. ${RUNTIMES_EXAMPLE}, got ${describeValue(value)}`);
    return undefined;
  }
  const runtimes: Partial<Record<RuntimeName, BackendName[]>> = {};
  for (const [runtime, list] of Object.entries(value)) {
    if (!(RUNTIME_NAMES as readonly string[]).includes(runtime)) {
      issues.push(`${where}.${runtime}: unknown runtime; runtimes: ${RUNTIME_NAMES.join(', ')}`);
    } else if (!Array.isArray(list) || list.length === 0 || list.some((b) => !backendsIn(runtime).includes(b))) {
      issues.push(`${where}.${runtime}: expected a non-empty array of ${backendsIn(runtime).join(', ')}, got ${describeValue(list)}`);
    } else runtimes[runtime as RuntimeName] = [...new Set(list as BackendName[])];
  }
  return runtimes;
}

function parseOptional(value: unknown, issues: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push(`optional: expected an array such as ${OPTIONAL_EXAMPLE}, got ${describeValue(value)}`);
    return undefined;
  }
  return parseExcuseEntries(value, 'optional', issues);
}

async function readConfigValue(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ReproError('usage', `${file}: cannot read the config (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ReproError('usage', `${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!/\.(mjs|js)$/.test(file))
    throw new ReproError('usage', `${file}: expected a .json, .mjs or .js config (Node 20 cannot import .ts; compile it or use JSON)`);
  try {
    return ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new ReproError('usage', `${file}: failed to load the config: ${(error as Error).message}`, { cause: error });
  }
}

function expectedVerdicts(value: unknown, where: string, issues: string[]): ExpectedVerdicts {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push(`${where}: expected an object of claim → "holds" | "violated", got ${describeValue(value)}`);
    return {};
  }
  const expected: Record<string, 'holds' | 'violated'> = {};
  const names: readonly string[] = [...CLAIM_NAMES, ...CROSS_RUNTIME_CLAIMS];
  for (const [key, verdict] of Object.entries(value)) {
    const { claim, runtime, backend } = parseExpectationKey(key);
    if (!names.includes(claim))
      issues.push(`${where}.${key}: unknown claim ${describeValue(claim)}; claims: ${names.join(', ')} (optionally @runtime or @runtime/backend)`);
    else if (runtime !== undefined && !(RUNTIME_NAMES as readonly string[]).includes(runtime))
      issues.push(`${where}.${key}: unknown runtime ${describeValue(runtime)}; runtimes: ${RUNTIME_NAMES.join(', ')}`);
    else if (runtime !== undefined && backend !== undefined && !(backendsIn(runtime) as readonly string[]).includes(backend))
      issues.push(`${where}.${key}: the ${runtime} runtime has no backend ${describeValue(backend)}; its backends: ${backendsIn(runtime).join(', ')}`);
    else if (verdict !== 'holds' && verdict !== 'violated') issues.push(`${where}.${key}: expected "holds" or "violated", got ${describeValue(verdict)}`);
    else expected[key] = verdict;
  }
  return expected;
}

function section(input: Record<string, unknown>, key: string, allowed: readonly string[], issues: string[]): Record<string, unknown> {
  const value = input[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push(`${key}: expected an object with ${allowed.join(', ')}, got ${describeValue(value)}`);
    return {};
  }
  for (const field of Object.keys(value)) if (!allowed.includes(field)) issues.push(`${key}.${field}: unknown field; allowed: ${allowed.join(', ')}`);
  return value as Record<string, unknown>;
}

function dirField(sectionValue: Record<string, unknown>, name: string, base: string, issues: string[]): string | undefined {
  const value = sectionValue.dir;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push(`${name}: expected a folder path, got ${describeValue(value)}`);
    return undefined;
  }
  return path.resolve(base, value);
}

function configError(file: string, issues: readonly string[]): ReproError {
  return new ReproError('usage', `${file}: invalid tfjs-repro config:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { issues });
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
