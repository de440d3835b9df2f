import path from 'node:path';
import { resolveScenarioConfig, type ScenarioConfig, type ScenarioOptions } from '../scenario/config.js';
import { isModuleReference, loadScenarioModule } from '../scenario/load-scenario-module.js';

/** A scenario as a program names it: a built-in's name, a module path, or either with fields to override. */
export type ScenarioInput = string | (Omit<ScenarioOptions, 'scenario'> & { readonly scenario: string });

/**
 * Resolves a scenario for the API and the vitest matchers: a module path (relative to `cwd`) is
 * loaded and registered first, as the CLI does; fields are validated at once, every issue named.
 */
export async function resolveScenarioInput(input: ScenarioInput, cwd: string = process.cwd()): Promise<ScenarioConfig> {
  const { scenario, ...fields } = typeof input === 'string' ? { scenario: input } : input;
  const name = isModuleReference(scenario) ? (await loadScenarioModule(path.resolve(cwd, scenario), cwd, scenario)).name : scenario;
  return resolveScenarioConfig({ ...fields, scenario: name });
}
