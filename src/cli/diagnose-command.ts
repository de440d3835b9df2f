import { compareTrajectories } from '../compare/compare-trajectories.js';
import { diagnose, whereItBegins } from '../diagnosis/diagnose.js';
import { EXIT_CODES, ReproError } from '../errors.js';
import { diagnosisJson, divergenceJson } from '../report/render-check-json.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import type { Io, RawOptions } from './options.js';
import { readRunPair } from './read-run-pair.js';

export const DIAGNOSIS_FORMAT = 'tfjs-repro/diagnosis';

/** `diagnose a.json b.json`: why two saved runs part (exit 1), or that they do not (exit 0). */
export async function commandDiagnose(fileA: string, fileB: string, raw: RawOptions, io: Io): Promise<number> {
  const [a, b] = await readRunPair(fileA, fileB);
  const comparison = compareTrajectories(a, b);
  if (comparison.kind === 'incomparable')
    throw new ReproError('input-file', `${fileA} and ${fileB} cannot be diagnosed as one request's two runs: ${comparison.reason}`);
  const divergence = comparison.kind === 'identical' ? undefined : comparison.first;
  const diagnosis = comparison.kind === 'identical' ? undefined : diagnose(a, b, divergence);
  if (raw.json) {
    io.stdout.write(
      serializeJson({
        format: DIAGNOSIS_FORMAT,
        version: 1,
        identical: diagnosis === undefined,
        firstDivergence: divergence === undefined ? null : divergenceJson(divergence),
        diagnosis: diagnosis === undefined ? null : diagnosisJson(diagnosis),
      }),
    );
  } else if (diagnosis === undefined) {
    io.stdout.write(`${fileA} and ${fileB} are bitwise identical: nothing to diagnose.\n`);
  } else {
    io.stdout.write(`why ${fileA} and ${fileB} part: ${diagnosis.cause}, ${whereItBegins(diagnosis)}: ${diagnosis.evidence}.\n  fix: ${diagnosis.fix}.\n`);
  }
  return diagnosis === undefined ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
