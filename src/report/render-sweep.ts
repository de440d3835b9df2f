import { PLAIN, type Palette } from './palette.js';
import { PRECONDITION_WORDS } from './render-precondition.js';
import type { PointResult, SweepResult } from '../sweep/sweep-blob.js';

/** A sweep's result for a terminal: the count of points and verdicts, then every failure with its evidence and replay command. */
export function renderSweepText(result: Pick<SweepResult, 'sweepId' | 'points' | 'ok'>, palette: Palette = PLAIN, heading = 'sweep'): string {
  const verdicts = result.points.flatMap((p) => p.verdicts);
  const holding = verdicts.filter((v) => v.verdict === 'holds' && v.expected === 'holds').length;
  const asExpected = verdicts.filter((v) => v.verdict === 'violated' && v.expected === 'violated').length;
  const failed = result.points.filter((p) => !p.ok);
  const lines = [
    `${heading} ${result.sweepId}: ${result.points.length} point(s), ${verdicts.length} verdicts: ${holding} hold${asExpected > 0 ? `, ${asExpected} violated as the config expects` : ''}, ${verdicts.length - holding - asExpected} not as expected.`,
  ];
  const seeded = verdicts.filter((v) => v.verdict === 'holds' && v.precondition !== undefined).length;
  if (seeded > 0) lines.push(`${seeded} of the ${holding} hold ${PRECONDITION_WORDS['math-random-seeded']} (rerun-native-random is violated at those points).`);
  for (const point of failed) lines.push('', ...renderFailure(point, palette));
  lines.push(
    '',
    result.ok ? palette.good('every claim at every point is as expected.') : palette.bad(`${failed.length} point(s) with a claim not as expected.`),
  );
  return `${lines.join('\n')}\n`;
}

function renderFailure(point: PointResult, palette: Palette): string[] {
  return [
    palette.bad(point.id),
    ...point.verdicts
      .filter((v) => v.verdict !== v.expected)
      .flatMap((v) => [
        `  ${v.claim}: ${v.verdict.toUpperCase()}${v.expected === 'violated' ? ' (expected VIOLATED)' : ''}: ${v.evidence}`,
        ...(v.why === undefined ? [] : [`    why: ${v.why.cause}: ${v.why.evidence}; fix: ${v.why.fix}`]),
      ]),
    `  replay: ${point.replay}`,
  ];
}
