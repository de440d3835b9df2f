import { ReproError, describeValue } from '../errors.js';
import { resolveRunRequest } from '../trajectory/run-request.js';
import { isFloat32Hex } from '../trajectory/float32.js';
import { checkSeries, fail, isRecord } from '../trajectory/parse-trajectory.js';
import { readJsonFile } from '../trajectory/trajectory-file.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportBundle } from './export-bundle.js';

/** Reads an exported bundle, reporting every problem with its field path. */
export async function readExportBundle(file: string): Promise<ExportBundle> {
  const value = await readJsonFile(file, 'a bundle written by `tfjs-repro export`');
  const issues: string[] = [];
  if (!isRecord(value)) throw fail(file, [`(root): expected an object, got ${describeValue(value)}`], 'an export bundle');
  if (value.format !== EXPORT_FORMAT) issues.push(`format: expected "${EXPORT_FORMAT}", got ${describeValue(value.format)}`);
  if (value.version !== EXPORT_VERSION) issues.push(`version: expected ${EXPORT_VERSION}, got ${describeValue(value.version)}`);
  try {
    resolveRunRequest(isRecord(value.request) ? value.request : {});
  } catch (error) {
    issues.push(...(error as ReproError).issues.map((issue) => `request.${issue}`));
  }
  const data = isRecord(value.data) ? value.data : {};
  for (const key of ['x', 'y'] as const) {
    const series = data[key];
    if (!isRecord(series) || !Array.isArray(series.bits) || !series.bits.every(isFloat32Hex))
      issues.push(`data.${key}.bits: expected an array of float32 hex patterns`);
  }
  if (!Array.isArray(value.initialWeights) || value.initialWeights.length === 0) issues.push('initialWeights: expected a non-empty array');
  else {
    value.initialWeights.forEach((w: unknown, i) => {
      if (!isRecord(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || !Array.isArray(w.bits) || !w.bits.every(isFloat32Hex)) {
        issues.push(`initialWeights[${i}]: expected { name, shape, bits: float32 hex[] }`);
      }
    });
  }
  if (!isRecord(value.trajectory)) issues.push(`trajectory: expected an object, got ${describeValue(value.trajectory)}`);
  else checkSeries(issues, 'trajectory.', value.trajectory);
  if (issues.length > 0) throw fail(file, issues, 'an export bundle');
  return value as unknown as ExportBundle;
}
