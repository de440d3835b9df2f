/**
 * tfjs-repro's programmatic API: the same runs, verdicts and errors as the CLI.
 *
 * ```ts
 * import { check } from 'tfjs-repro';
 * const result = await check({ scenario: './scenarios/my-model.mjs', backends: ['wasm'] });
 * if (!result.ok) process.exitCode = 1;
 * ```
 *
 * Scenario module authors: `/** @type {import('tfjs-repro').ScenarioDefinition} *\/ export default { … }`.
 */
export { run, check, compare, type RunOptions, type CheckOptions } from './api/run-api.js';
export { resolveScenarioInput, type ScenarioInput } from './api/resolve-scenario.js';
export { checkGoldens, type GoldenCheckResult } from './golden/check-goldens.js';
export { updateGoldens, type UpdateGoldensOptions, type GoldenUpdate } from './golden/update-goldens.js';
export { renderCheckText } from './report/render-check-text.js';
export { renderCheckJson } from './report/render-check-json.js';
export { ReproError, EXIT_CODES, type ReproErrorCode } from './errors.js';
export { CLAIM_NAMES, type ClaimName } from './invariants/claims.js';
export { BACKEND_NAMES } from './runtimes/runtime-profiles.js';
export type { BackendName } from './tfjs/backend-names.js';
export type { CheckSetResult } from './check/check-set.js';
export type { CheckResult, ClaimOutcome } from './check/run-check.js';
export type { Comparison, Divergence } from './compare/compare-trajectories.js';
export type { Trajectory, Provenance } from './trajectory/trajectory.js';
export type { ScenarioDefinition, ScenarioCapabilities, BuildContext, BuiltScenario, ParamValue } from './scenario/scenario-definition.js';
export type { ScenarioConfig, ScenarioFields, OptimizerName } from './scenario/config.js';
export type { DerivedSeeds } from './scenario/seeds.js';
export type { ProjectConfigOptions } from './config/project-config.js';
