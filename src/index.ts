/**
 * The public types of tfjs-repro for authors of scenario modules:
 * `/** @type {import('tfjs-repro').ScenarioDefinition} *\/ export default { … }`.
 */
export type { ScenarioDefinition, BuildContext, BuiltScenario, ParamValue } from './scenario/scenario-definition.js';
export type { ScenarioConfig, ScenarioFields, OptimizerName } from './scenario/config.js';
export type { DerivedSeeds } from './scenario/seeds.js';
export type { ProjectConfigOptions } from './config/project-config.js';
