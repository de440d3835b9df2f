import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ReproError, describeValue } from '../errors.js';
import { readJsonFile, serializeJson, writeFileAtomic } from '../trajectory/trajectory-file.js';
import { isRecord } from '../trajectory/parse-trajectory.js';
import { RUNTIME_NAMES } from '../runtimes/runtime-profiles.js';
import { renderMatchesKerasPlot, renderReportPlots } from './render-plots.js';
import { renderReportIndex, renderReportMarkdown, reportFolder } from './render-report-markdown.js';
import type { CrossRuntimeOutcome } from '../invariants/cross-runtime.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import { REPORT_FORMAT, REPORT_VERSION, type ReportResults } from '../check/report-results.js';

export { DEFAULT_REPORT_DIR } from './report-dir.js';
export const RESULTS_FILE = 'results.json';
export const REPORT_SET_FORMAT = 'tfjs-repro/report-set';
export const REPORT_SET_VERSION = 1;

/** Every scenario's results: what `results.json` at the top of a report folder holds. */
export interface ReportSet {
  readonly format: typeof REPORT_SET_FORMAT;
  readonly version: typeof REPORT_SET_VERSION;
  readonly reports: readonly ReportResults[];
  /** Per scenario checked in several runtimes: the claims across them. */
  readonly crossRuntime: readonly { readonly scenario: string; readonly outcomes: readonly CrossRuntimeOutcome[]; readonly expected: ExpectedVerdicts }[];
}

export function toReportSet(reports: readonly ReportResults[], crossRuntime: ReportSet['crossRuntime'] = []): ReportSet {
  return { format: REPORT_SET_FORMAT, version: REPORT_SET_VERSION, reports, crossRuntime };
}

/**
 * The report's files, relative name → content: `results.json` and the index `README.md` at the
 * top, and per scenario `<scenario>/README.md` with its SVG plots. Pure.
 */
export async function renderReportFiles(set: ReportSet): Promise<Map<string, string>> {
  const files = new Map<string, string>([[RESULTS_FILE, serializeJson(set)]]);
  files.set('README.md', `${renderReportIndex(set.reports, set.crossRuntime)}\n`);
  for (const entry of set.crossRuntime) {
    if (entry.outcomes.some((o) => o.claim === 'matches-keras' && o.relPerEpoch !== undefined))
      files.set(`matches-keras-${entry.scenario}.svg`, await renderMatchesKerasPlot(entry.outcomes));
  }
  for (const results of set.reports) {
    const plots = await renderReportPlots(results);
    const folder = reportFolder(results);
    files.set(`${folder}/README.md`, `${renderReportMarkdown(results, [...plots.keys()])}\n`);
    for (const [name, svg] of plots) files.set(`${folder}/${name}`, svg);
  }
  return files;
}

/** Writes every file atomically, then removes plots of an earlier report that this one lacks. */
export async function writeReport(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const folder of new Set([...files.keys()].map((name) => path.dirname(name)))) await mkdir(path.join(dir, folder), { recursive: true });
  for (const [name, text] of files) await writeFileAtomic(path.join(dir, name), text);
  for (const entry of await readdir(dir, { recursive: true })) {
    if (entry.endsWith('.svg') && !files.has(entry.split(path.sep).join('/'))) await rm(path.join(dir, entry));
  }
}

export async function readReportResults(file: string): Promise<ReportSet> {
  const value = await readJsonFile(file, 'the results.json of a report');
  const issues: string[] = [];
  if (!isRecord(value)) issues.push(`(root): expected an object, got ${describeValue(value)}`);
  else {
    if (value.format !== REPORT_SET_FORMAT) issues.push(`format: expected "${REPORT_SET_FORMAT}", got ${describeValue(value.format)}`);
    if (value.version !== REPORT_SET_VERSION) issues.push(`version: expected ${REPORT_SET_VERSION}, got ${describeValue(value.version)}`);
    if (!Array.isArray(value.reports) || value.reports.length === 0) issues.push(`reports: expected a non-empty array, got ${describeValue(value.reports)}`);
    else value.reports.forEach((report: unknown, i: number) => issues.push(...reportIssues(report).map((issue) => `reports[${i}].${issue}`)));
    if (!Array.isArray(value.crossRuntime)) issues.push(`crossRuntime: expected an array, got ${describeValue(value.crossRuntime)}`);
  }
  if (issues.length > 0) throw new ReproError('input-file', `${file}: not valid report results:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { issues });
  return value as unknown as ReportSet;
}

/** A re-render needs no scenario module: only the recorded description and numbers. */
function reportIssues(value: unknown): string[] {
  if (!isRecord(value)) return [`(entry): expected an object, got ${describeValue(value)}`];
  const issues: string[] = [];
  if (value.format !== REPORT_FORMAT) issues.push(`format: expected "${REPORT_FORMAT}", got ${describeValue(value.format)}`);
  if (value.version !== REPORT_VERSION) issues.push(`version: expected ${REPORT_VERSION}, got ${describeValue(value.version)}`);
  if (!isRecord(value.scenario) || typeof value.scenario.scenario !== 'string')
    issues.push(`scenario: expected a resolved scenario config, got ${describeValue(value.scenario)}`);
  if (!(RUNTIME_NAMES as readonly unknown[]).includes(value.runtime))
    issues.push(`runtime: expected one of ${RUNTIME_NAMES.join(', ')}, got ${describeValue(value.runtime)}`);
  if (typeof value.description !== 'string') issues.push(`description: expected a string, got ${describeValue(value.description)}`);
  for (const key of ['shuffle'] as const) if (typeof value[key] !== 'boolean') issues.push(`${key}: expected true or false, got ${describeValue(value[key])}`);
  if (!isRecord(value.expected)) issues.push(`expected: expected an object of claim → verdict, got ${describeValue(value.expected)}`);
  if (typeof value.stateful !== 'boolean') issues.push(`stateful: expected true or false, got ${describeValue(value.stateful)}`);
  if (!Array.isArray(value.backends)) issues.push(`backends: expected an array, got ${describeValue(value.backends)}`);
  return issues;
}
