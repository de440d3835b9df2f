import { compareTrajectories } from '../compare/compare-trajectories.js';
import { parseTolerance, renderTolerance } from '../compare/tolerance.js';
import { EXIT_CODES, ReproError } from '../errors.js';
import { renderCompareText, renderCompareJson } from '../report/render-compare.js';
import { readTrajectoryFile, serializeJson } from '../trajectory/trajectory-file.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { type Io, type RawOptions } from './options.js';

export async function commandCompare(fileA: string, fileB: string, raw: RawOptions, io: Io): Promise<number> {
  const tolerance = parseTolerance(String(raw.tolerance));
  // Both files are read before either error is reported, and in argument order, so that one
  // call names every bad file and the message does not depend on which read finished first.
  const reads = await Promise.allSettled([readTrajectoryFile(fileA), readTrajectoryFile(fileB)]);
  const failures = reads.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new ReproError('input-file', failures.map((e) => e.message).join('\ntfjs-repro: '));
  const [a, b] = reads.map((r) => (r as PromiseFulfilledResult<Trajectory>).value) as [Trajectory, Trajectory];
  const comparison = compareTrajectories(a, b, tolerance);
  io.stdout.write(
    raw.json
      ? serializeJson(renderCompareJson(comparison, renderTolerance(tolerance)))
      : renderCompareText(comparison, renderTolerance(tolerance), [fileA, fileB]),
  );
  return comparison.kind === 'identical' || comparison.kind === 'within-tolerance' ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
