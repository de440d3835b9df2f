import { ReproError, describeValue } from '../errors.js';
import { resolveRunRequest } from './run-request.js';
import { hexToFloat32, isFloat32Hex } from './float32.js';
import { DIGEST_HEX_DIGITS } from './weight-digest.js';
import { TRAJECTORY_FORMAT, TRAJECTORY_VERSION, type Trajectory } from './trajectory.js';

const MAX_ISSUES_SHOWN = 20;
const DIGEST_PATTERN = new RegExp(`^[0-9a-f]{${DIGEST_HEX_DIGITS}}$`);

/**
 * Checks that `value` is a trajectory this version can read, reporting every problem at once
 * with its path. A decimal `loss` must equal its `lossBits` (a hand-edited file is caught).
 */
export function parseTrajectory(value: unknown, source: string): Trajectory {
  const issues: string[] = [];
  if (!isRecord(value)) throw fail(source, [`(root): expected an object, got ${describeValue(value)}`]);
  if (value.format !== TRAJECTORY_FORMAT) issues.push(`format: expected "${TRAJECTORY_FORMAT}", got ${describeValue(value.format)}`);
  if (value.version !== TRAJECTORY_VERSION) {
    const newer = typeof value.version === 'number' && value.version > TRAJECTORY_VERSION;
    issues.push(`version: expected ${TRAJECTORY_VERSION}, got ${describeValue(value.version)}${newer ? ' (written by a newer tfjs-repro; upgrade it)' : ''}`);
  }
  try {
    // A saved file is checked by its own shape: its scenario may be a user's module this process never loaded.
    resolveRunRequest(isRecord(value.request) ? value.request : {}, undefined, 'shape');
    if (!isRecord(value.request)) issues.push(`request: expected an object, got ${describeValue(value.request)}`);
  } catch (error) {
    issues.push(...(error as ReproError).issues.map((issue) => `request.${issue}`));
  }
  checkSeries(issues, '', value);
  if (!isRecord(value.provenance)) issues.push(`provenance: expected an object, got ${describeValue(value.provenance)}`);
  if (issues.length > 0) throw fail(source, issues);
  return value as unknown as Trajectory;
}

/**
 * Checks the recorded series of a run — `epochs`, `batches`, `weightDigests` — under `prefix`
 * (e.g. `runs[2].`), adding one issue per problem. Shared by run files and golden files.
 */
export function checkSeries(issues: string[], prefix: string, value: Record<string, unknown>): void {
  const epochs = checkArray(issues, `${prefix}epochs`, value.epochs);
  epochs.forEach((epoch, i) => {
    const path = `${prefix}epochs[${i}]`;
    if (!isRecord(epoch)) return issues.push(`${path}: expected an object, got ${describeValue(epoch)}`);
    if (epoch.epoch !== i + 1) issues.push(`${path}.epoch: expected ${i + 1}, got ${describeValue(epoch.epoch)}`);
    if (!Number.isInteger(epoch.numTensors)) issues.push(`${path}.numTensors: expected an integer, got ${describeValue(epoch.numTensors)}`);
    checkLossPoint(issues, path, epoch);
  });
  const batches = checkArray(issues, `${prefix}batches`, value.batches);
  batches.forEach((batch, i) => {
    const path = `${prefix}batches[${i}]`;
    if (!isRecord(batch)) return issues.push(`${path}: expected an object, got ${describeValue(batch)}`);
    if (!Number.isInteger(batch.epoch) || (batch.epoch as number) < 1) issues.push(`${path}.epoch: expected an integer ≥ 1, got ${describeValue(batch.epoch)}`);
    if (!Number.isInteger(batch.batch) || (batch.batch as number) < 1) issues.push(`${path}.batch: expected an integer ≥ 1, got ${describeValue(batch.batch)}`);
    checkLossPoint(issues, path, batch);
  });
  const digests = checkArray(issues, `${prefix}weightDigests`, value.weightDigests);
  digests.forEach((digest, i) => {
    if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) {
      issues.push(`${prefix}weightDigests[${i}]: expected ${DIGEST_HEX_DIGITS} hex digits, got ${describeValue(digest)}`);
    }
  });
  if (digests.length !== epochs.length) issues.push(`${prefix}weightDigests: expected one per epoch (${epochs.length}), got ${digests.length}`);
}

function checkLossPoint(issues: string[], path: string, point: Record<string, unknown>): void {
  if (!isFloat32Hex(point.lossBits)) {
    issues.push(`${path}.lossBits: expected 8 lowercase hex digits (a float32 bit pattern), got ${describeValue(point.lossBits)}`);
    return;
  }
  const fromBits = hexToFloat32(point.lossBits);
  const expected = Number.isFinite(fromBits) ? fromBits : null;
  if (point.loss !== expected) {
    issues.push(`${path}.loss: disagrees with lossBits ${point.lossBits} (= ${String(fromBits)}), got ${describeValue(point.loss)}`);
  }
}

function checkArray(issues: string[], path: string, value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  issues.push(`${path}: expected an array, got ${describeValue(value)}`);
  return [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fail(source: string, issues: readonly string[], what = 'a valid trajectory'): ReproError {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => `  - ${issue}`);
  if (issues.length > MAX_ISSUES_SHOWN) shown.push(`  … and ${issues.length - MAX_ISSUES_SHOWN} more`);
  return new ReproError('input-file', `${source}: not ${what}:\n${shown.join('\n')}`, { issues });
}
