import { ReproError } from '../errors.js';
import { blobsDropoutClassifier } from './blobs-classifier.js';
import type { ScenarioCapabilities, ScenarioDefinition } from './scenario-definition.js';
import { statefulLstmSine } from './stateful-lstm.js';

/** A scenario the runner can train: its definition, and the module it came from (built-ins have none). */
export interface RegisteredScenario {
  readonly definition: ScenarioDefinition;
  /** Absolute path of a user module; a child loads it before it resolves its request. */
  readonly module?: string;
}

const BUILT_INS: readonly ScenarioDefinition[] = [statefulLstmSine, blobsDropoutClassifier];
const registry = new Map<string, RegisteredScenario>(BUILT_INS.map((definition) => [definition.name, { definition }]));

export function findScenario(name: string): ScenarioDefinition | undefined {
  return registry.get(name)?.definition;
}

/** The definition of a name that validation has accepted. */
export function getScenario(name: string): ScenarioDefinition {
  const definition = findScenario(name);
  if (definition === undefined) throw new ReproError('usage', `scenario ${JSON.stringify(name)} is not registered; known: ${scenarioNames().join(', ')}`);
  return definition;
}

/** The module a registered user scenario came from, or undefined for a built-in. */
/** Whether the scenario of that name declares a capability (a float64 reference, …). */
export function scenarioCan(name: string, capability: keyof ScenarioCapabilities): boolean {
  return findScenario(name)?.capabilities?.[capability] === true;
}

/** The scenarios that declare a capability, for messages. */
export function scenariosThatCan(capability: keyof ScenarioCapabilities): string[] {
  return scenarioNames().filter((name) => scenarioCan(name, capability));
}

export function scenarioModuleOf(name: string): string | undefined {
  return registry.get(name)?.module;
}

export function scenarioNames(): string[] {
  return [...registry.keys()];
}

/** Adds a user scenario loaded from `module`; its name must be free. */
export function registerScenario(definition: ScenarioDefinition, module: string): void {
  const clash = registry.get(definition.name);
  if (clash !== undefined && clash.module !== module) {
    throw new ReproError('usage', `name ${JSON.stringify(definition.name)} is taken by ${clash.module ?? 'a built-in scenario'}`);
  }
  registry.set(definition.name, { definition, module });
}

/** The scenario registered from this module file, if any. */
export function scenarioFromModule(module: string): ScenarioDefinition | undefined {
  return [...registry.values()].find((entry) => entry.module === module)?.definition;
}
