import { describeValue, ReproError } from '../errors.js';
import { RESET_POLICIES, RUN_CASES } from '../trajectory/run-request.js';
import { resolveScenarioConfig } from '../scenario/config.js';
import { BACKEND_NAMES } from '../runtimes/runtime-profiles.js';
import { checkSeries, fail, isRecord } from '../trajectory/parse-trajectory.js';
import { kernelTraceIssues } from '../trajectory/kernel-trace.js';
import { findScenario, getScenario } from '../scenario/scenario-registry.js';
import { GOLDEN_FORMAT, goldenRunsFor, GOLDEN_VERSION, goldenRunKey, type GoldenFile } from './golden-file.js';

const CLASSIFICATIONS = ['initial', 'identical', 'within-budget', 'drifted'];

/**
 * Checks a golden file read from `source`, reporting every problem with its field path. A golden
 * that does not pass is never used and never rewritten automatically.
 */
export function parseGolden(value: unknown, source: string): GoldenFile {
  const issues: string[] = [];
  if (!isRecord(value)) throw fail(source, [`(root): expected an object, got ${describeValue(value)}`], 'a valid golden file');
  if (value.format !== GOLDEN_FORMAT) issues.push(`format: expected "${GOLDEN_FORMAT}", got ${describeValue(value.format)}`);
  if (value.version !== GOLDEN_VERSION) {
    const newer = typeof value.version === 'number' && value.version > GOLDEN_VERSION;
    issues.push(`version: expected ${GOLDEN_VERSION}, got ${describeValue(value.version)}${newer ? ' (written by a newer tfjs-repro; upgrade it)' : ''}`);
  }
  let stateful = true;
  try {
    stateful = getScenario(resolveScenarioConfig(value.scenario).scenario).stateful;
  } catch (error) {
    if (!(error instanceof ReproError)) throw error;
    issues.push(...error.issues.map((issue) => `scenario.${issue}`));
    if (isRecord(value.scenario) && typeof value.scenario.scenario === 'string' && findScenario(value.scenario.scenario) === undefined) {
      issues.push(`scenario.scenario: a user scenario's goldens are checked with the project config that loads its module (--config, or run from the project)`);
    }
  }
  if (!(BACKEND_NAMES as readonly unknown[]).includes(value.backend)) {
    issues.push(`backend: expected one of ${BACKEND_NAMES.join(', ')}, got ${describeValue(value.backend)}`);
  }
  const provenance = value.provenance;
  if (!isRecord(provenance)) issues.push(`provenance: expected an object, got ${describeValue(provenance)}`);
  else {
    if (provenance.backend !== value.backend)
      issues.push(`provenance.backend: expected the file's backend ${describeValue(value.backend)}, got ${describeValue(provenance.backend)}`);
    if (!isStringRecord(provenance.packages))
      issues.push(`provenance.packages: expected an object of package versions, got ${describeValue(provenance.packages)}`);
    if (!Number.isInteger(provenance.nodeMajor)) issues.push(`provenance.nodeMajor: expected an integer, got ${describeValue(provenance.nodeMajor)}`);
    if (provenance.cpuIsa !== undefined && typeof provenance.cpuIsa !== 'string')
      issues.push(`provenance.cpuIsa: expected the CPU's vector extensions as a string, got ${describeValue(provenance.cpuIsa)}`);
    if (provenance.device !== undefined && typeof provenance.device !== 'string')
      issues.push(`provenance.device: expected the device's name as a string, got ${describeValue(provenance.device)}`);
    if (provenance.browser !== undefined && typeof provenance.browser !== 'string')
      issues.push(`provenance.browser: expected a version string, got ${describeValue(provenance.browser)}`);
    for (const key of ['platform', 'arch'] as const) {
      if (typeof provenance[key] !== 'string') issues.push(`provenance.${key}: expected a string, got ${describeValue(provenance[key])}`);
    }
    if (!isStringRecord(provenance.env)) issues.push(`provenance.env: expected an object of strings, got ${describeValue(provenance.env)}`);
  }
  const budget = value.budget;
  if (!isRecord(budget) || !Number.isInteger(budget.ulps) || (budget.ulps as number) < 0 || typeof budget.reason !== 'string' || budget.reason === '') {
    issues.push(`budget: expected { ulps: integer ≥ 0, reason: non-empty string }, got ${JSON.stringify(budget)}`);
  }
  const runs = Array.isArray(value.runs) ? value.runs : [];
  if (!Array.isArray(value.runs)) issues.push(`runs: expected an array, got ${describeValue(value.runs)}`);
  runs.forEach((run: unknown, i) => {
    const path = `runs[${i}]`;
    if (!isRecord(run)) return issues.push(`${path}: expected an object, got ${describeValue(run)}`);
    if (!(RUN_CASES as readonly unknown[]).includes(run.case))
      issues.push(`${path}.case: expected one of ${RUN_CASES.join(', ')}, got ${describeValue(run.case)}`);
    if (!(RESET_POLICIES as readonly unknown[]).includes(run.reset))
      issues.push(`${path}.reset: expected one of ${RESET_POLICIES.join(', ')}, got ${describeValue(run.reset)}`);
    checkSeries(issues, `${path}.`, run);
    return undefined;
  });
  const keys = runs.filter(isRecord).map((run) => goldenRunKey(run as unknown as GoldenFile['runs'][number]));
  for (const expected of goldenRunsFor(stateful).map(goldenRunKey)) {
    if (!keys.includes(expected)) issues.push(`runs: expected a run ${expected}, found ${keys.join(', ') || 'none'}`);
  }
  if (!Array.isArray(value.history)) issues.push(`history: expected an array, got ${describeValue(value.history)}`);
  else {
    value.history.forEach((entry: unknown, i) => {
      if (!isRecord(entry) || typeof entry.reason !== 'string' || !CLASSIFICATIONS.includes(entry.classification as string)) {
        issues.push(`history[${i}]: expected { reason, classification: ${CLASSIFICATIONS.join(' | ')}, packages, nodeMajor }, got ${JSON.stringify(entry)}`);
      }
    });
  }
  if (value.kernelTrace !== undefined) issues.push(...kernelTraceIssues(value.kernelTrace, 'kernelTrace'));
  if (issues.length > 0) throw fail(source, issues, 'a valid golden file');
  return value as unknown as GoldenFile;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}
