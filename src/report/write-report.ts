import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ReproError, describeValue } from '../errors.js';
import { resolveScenarioConfig } from '../scenario/config.js';
import { readJsonFile, serializeJson, writeFileAtomic } from '../trajectory/trajectory-file.js';
import { isRecord } from '../trajectory/parse-trajectory.js';
import { renderReportPlots } from './render-plots.js';
import { renderReportMarkdown } from './render-report-markdown.js';
import { REPORT_FORMAT, REPORT_VERSION, type ReportResults } from './report-results.js';

export const DEFAULT_REPORT_DIR = 'docs/determinism';
export const RESULTS_FILE = 'results.json';

/** The report's files, name → content: results.json, README.md and the SVG plots. Pure. */
export async function renderReportFiles(results: ReportResults): Promise<Map<string, string>> {
  const plots = await renderReportPlots(results);
  const files = new Map<string, string>([[RESULTS_FILE, serializeJson(results)]]);
  files.set('README.md', `${renderReportMarkdown(results, [...plots.keys()])}\n`);
  for (const [name, svg] of plots) files.set(name, svg);
  return files;
}

/** Writes every file atomically, then removes plots of an earlier report that this one lacks. */
export async function writeReport(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFileAtomic(path.join(dir, name), text);
  for (const name of await readdir(dir)) {
    if (name.endsWith('.svg') && !files.has(name)) await rm(path.join(dir, name));
  }
}

export async function readReportResults(file: string): Promise<ReportResults> {
  const value = await readJsonFile(file, 'the results.json of a report');
  const issues: string[] = [];
  if (!isRecord(value)) issues.push(`(root): expected an object, got ${describeValue(value)}`);
  else {
    if (value.format !== REPORT_FORMAT) issues.push(`format: expected "${REPORT_FORMAT}", got ${describeValue(value.format)}`);
    if (value.version !== REPORT_VERSION) issues.push(`version: expected ${REPORT_VERSION}, got ${describeValue(value.version)}`);
    try {
      resolveScenarioConfig(value.scenario);
    } catch (error) {
      issues.push(...(error as ReproError).issues.map((issue) => `scenario.${issue}`));
    }
    if (!Array.isArray(value.backends)) issues.push(`backends: expected an array, got ${describeValue(value.backends)}`);
  }
  if (issues.length > 0) throw new ReproError('input-file', `${file}: not valid report results:\n${issues.map((i) => `  - ${i}`).join('\n')}`, { issues });
  return value as ReportResults;
}
