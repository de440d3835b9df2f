import { compareTrajectories } from '../compare/compare-trajectories.js';
import { parseTolerance, renderTolerance } from '../compare/tolerance.js';
import { EXIT_CODES } from '../errors.js';
import { renderCompareText, renderCompareJson } from '../report/render-compare.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { readRunPair } from './read-run-pair.js';
import { type Io, type RawOptions } from './options.js';

export async function commandCompare(fileA: string, fileB: string, raw: RawOptions, io: Io): Promise<number> {
  const tolerance = parseTolerance(String(raw.tolerance));
  const [a, b] = await readRunPair(fileA, fileB);
  const comparison = compareTrajectories(a, b, tolerance);
  io.stdout.write(
    raw.json
      ? serializeJson(renderCompareJson(comparison, renderTolerance(tolerance)))
      : renderCompareText(comparison, renderTolerance(tolerance), [fileA, fileB]),
  );
  return comparison.kind === 'identical' || comparison.kind === 'within-tolerance' ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
