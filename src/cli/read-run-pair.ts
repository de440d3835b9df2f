import { ReproError } from '../errors.js';
import { readTrajectoryFile } from '../trajectory/trajectory-file.js';
import type { Trajectory } from '../trajectory/trajectory.js';

/**
 * Two runs saved with `run --out`. Both files are read before either error is reported, and in
 * argument order, so that one call names every bad file and the message does not depend on which
 * read finished first.
 */
export async function readRunPair(fileA: string, fileB: string): Promise<[Trajectory, Trajectory]> {
  const reads = await Promise.allSettled([readTrajectoryFile(fileA), readTrajectoryFile(fileB)]);
  const failures = reads.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new ReproError('input-file', failures.map((e) => e.message).join('\ntfjs-repro: '));
  return reads.map((r) => (r as PromiseFulfilledResult<Trajectory>).value) as [Trajectory, Trajectory];
}
