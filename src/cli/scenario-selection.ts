/** Which scenarios a command runs, with which fields: the config's entries overridden by the flags. */
import path from 'node:path';
import { resolveProjectConfig, type ProjectConfig } from '../config/project-config.js';
import { describeValue } from '../errors.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import { resolveScenarioConfig, type ScenarioConfig } from '../scenario/config.js';
import { isModuleReference, loadScenarioModule } from '../scenario/load-scenario-module.js';
import { createIssueCollector, nameOf, numeric, scenarioOptionsOf, type RawOptions } from './options.js';

export interface ScenarioSelection {
  readonly project: ProjectConfig;
  readonly scenarios: readonly ScenarioConfig[];
  /** The config's `expect` for a scenario (empty: every claim must hold). */
  readonly expectedFor: (scenario: ScenarioConfig) => ExpectedVerdicts;
}

/**
 * Loads the project config (`--config`, or the nearest tfjs-repro.config.* from `cwd`), then
 * resolves the scenarios: `--scenario` (a name or a module path) picks one; without it, `all`
 * takes every scenario of the config and `first` its first one (the seed experiment without a
 * config). Scenario flags override the config's fields; every issue is reported at once, named
 * after where it was written (flag or config field).
 */
export async function selectScenarios(raw: RawOptions, cwd: string, which: 'all' | 'first'): Promise<ScenarioSelection> {
  const project = await resolveProjectConfig(typeof raw.config === 'string' ? raw.config : undefined, cwd);
  const { collect, throwIfAny } = createIssueCollector();
  let entries = project.scenarios.length > 0 ? project.scenarios : [{ scenario: 'stateful-lstm-sine', fields: {}, expected: {} }];
  const asked = typeof raw.scenario === 'string' ? raw.scenario : undefined;
  if (asked !== undefined) {
    const name = isModuleReference(asked) ? (await loadScenarioModule(asked, cwd, `--scenario ${asked}`)).name : asked;
    entries = [project.scenarios.find((entry) => entry.scenario === name) ?? { scenario: name, fields: {}, expected: {} }];
  } else if (which === 'first') {
    entries = entries.slice(0, 1);
  }
  const flags = definedOnly(scenarioOptionsOf(raw));
  const params = collect(() => paramsOf(raw)) ?? {};
  const scenarios = entries.flatMap((entry) => {
    const index = project.scenarios.indexOf(entry);
    const where = (field: string): string => {
      if (field === 'scenario') return asked === undefined ? `${configName(project)} scenarios[${index}]` : '--scenario';
      if (field.startsWith('params.')) return field.slice(7) in params ? `--param ${field.slice(7)}` : `${configName(project)} scenarios[${index}].${field}`;
      return field in flags ? nameOf(field) : index >= 0 && field in entry.fields ? `${configName(project)} scenarios[${index}].${field}` : field;
    };
    const fromConfig = (entry.fields.params ?? {}) as Record<string, unknown>;
    const merged = {
      ...entry.fields,
      ...flags,
      scenario: entry.scenario,
      ...(Object.keys(params).length + Object.keys(fromConfig).length > 0 ? { params: { ...fromConfig, ...params } } : {}),
    };
    const config = collect(() => resolveScenarioConfig(merged, where));
    return config === undefined ? [] : [config];
  });
  throwIfAny();
  const expectedFor = (scenario: ScenarioConfig): ExpectedVerdicts => entries.find((entry) => entry.scenario === scenario.scenario)?.expected ?? {};
  return { project, scenarios, expectedFor };
}

/** `--param name=value` (repeatable) → params; a value reading as a number or boolean is one. */
export function paramsOf(raw: RawOptions): Record<string, unknown> {
  const list = raw.param === undefined ? [] : Array.isArray(raw.param) ? raw.param : [raw.param];
  const params: Record<string, unknown> = {};
  const { add, throwIfAny } = createIssueCollector();
  for (const item of list) {
    const match = /^([A-Za-z_][\w-]*)=(.*)$/.exec(String(item));
    if (match === null) {
      add(`--param: expected name=value, got ${describeValue(item)}`);
      continue;
    }
    const text = match[2]!;
    params[match[1]!] = text === 'true' ? true : text === 'false' ? false : numeric(text);
  }
  throwIfAny();
  return params;
}

function definedOnly(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => value !== undefined && key !== 'scenario'));
}

function configName(project: ProjectConfig): string {
  return project.file === undefined ? 'config' : path.basename(project.file);
}
