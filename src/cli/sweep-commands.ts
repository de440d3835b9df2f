import { assertPublished } from '../tfjs-versions/release-plan.js';
import { EXIT_CODES, describeValue } from '../errors.js';
import { ANSI, PLAIN } from '../report/palette.js';
import { renderSweepText } from '../report/render-sweep.js';
import { mergeSweepBlobs, parseSweepBlob } from '../sweep/sweep-blob.js';
import { planSweep, type SweepDraw } from '../sweep/sweep-points.js';
import { parseShard } from '../sweep/shard.js';
import { runSweep } from '../sweep/run-sweep.js';
import { readJsonFile, serializeJson, writeFileAtomic } from '../trajectory/trajectory-file.js';
import { createIssueCollector, numeric, type Io, type RawOptions } from './options.js';
import { collectCheckOptions } from './runtime-options.js';
import { selectScenarios } from './scenario-selection.js';

/** A comma-separated list of whole numbers in a range, for `--seeds` and `--batch-sizes`. */
function integerList(name: string, text: unknown, min: number, max: number): number[] {
  const values = String(text)
    .split(',')
    .map((part) => numeric(part.trim()));
  if (values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
    throw new Error(`${name}: expected a comma-separated list of integers from ${min} to ${max}, got ${describeValue(text)}`);
  }
  return [...new Set(values as number[])];
}

export async function commandSweep(given: RawOptions, io: Io): Promise<number> {
  // Every point sets its own batch size: the base configs take one of the sweep's, so that they
  // validate (100, the seed's default, divides no --samples 40).
  const firstBatch =
    typeof given.batchSizes === 'string' ? given.batchSizes.split(',')[0]!.trim() : typeof given.samples === 'string' ? given.samples : undefined;
  const raw: RawOptions = given.batchSize === undefined && firstBatch !== undefined ? { ...given, batchSize: firstBatch } : given;
  const { project, scenarios, expectedFor } = await selectScenarios(raw, io.cwd, 'all');
  const { collect, add, throwIfAny } = createIssueCollector();
  const { check, timeoutMs } = collectCheckOptions(raw, project, collect);
  const shard = raw.shard === undefined ? undefined : collect(() => parseShard(String(raw.shard)));
  const list = (name: string, value: unknown, min: number, max: number) => {
    try {
      return integerList(name, value, min, max);
    } catch (error) {
      add((error as Error).message);
      return undefined;
    }
  };
  const batchSizes = raw.batchSizes === undefined ? undefined : list('--batch-sizes', raw.batchSizes, 1, 100_000);
  let draw: SweepDraw | undefined;
  if (raw.seeds !== undefined && raw.sample !== undefined) add(`--seeds and --sample: expected one of them (a grid, or a drawn sample), got both`);
  else if (raw.seeds !== undefined) {
    const seeds = list('--seeds', raw.seeds, 0, 2 ** 32 - 1);
    if (seeds !== undefined) draw = { kind: 'grid', seeds, batchSizes: batchSizes ?? [...new Set(scenarios.map((s) => s.batchSize))] };
  } else if (raw.sample !== undefined) {
    const count = numeric(raw.sample);
    const drawSeed = numeric(raw.drawSeed ?? '1');
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 2 || count > 100_000)
      add(`--sample: expected an integer from 2 to 100000, got ${describeValue(count)}`);
    else if (typeof drawSeed !== 'number' || !Number.isInteger(drawSeed) || drawSeed < 0)
      add(`--draw-seed: expected an integer ≥ 0, got ${describeValue(drawSeed)}`);
    else draw = { kind: 'sample', count, drawSeed, ...(batchSizes === undefined ? {} : { batchSizes }) };
  } else add('--seeds or --sample: expected a grid of seeds (--seeds 0,1,4294967295) or a drawn sample (--sample 200), got neither');
  throwIfAny();
  if (check === undefined || draw === undefined || timeoutMs === undefined) throw new Error('unreachable: validated above');
  const { plan, claims, parallelism, tfjs } = check;
  for (const version of tfjs ?? []) await assertPublished(version);
  const sweep = planSweep({ scenarios, draw, plan, claims, expectedFor, ...(tfjs === undefined ? {} : { tfjs }) });

  const started = performance.now();
  const blob = await runSweep({
    plan: sweep,
    shard,
    parallelism,
    spawnOptions: { timeoutMs, cancelSignal: io.signal },
    onPoint: (done, total, point) => io.stderr.write(`[${done}/${total}] ${point.id} ${point.ok ? 'as expected' : 'NOT AS EXPECTED'}\n`),
  });
  if (io.signal.aborted) return EXIT_CODES.ok; // main() reports the interrupt; nothing is written
  const minutes = (performance.now() - started) / 60_000;
  io.stderr.write(`${blob.points.length} point(s) in ${(minutes * 60).toFixed(1)} s: ${(blob.points.length / minutes).toFixed(1)} points per minute\n`);
  if (typeof raw.out === 'string') await writeFileAtomic(raw.out, serializeJson(blob));
  const ok = blob.points.every((p) => p.ok);
  const heading = `sweep${blob.shard.count > 1 ? ` shard ${blob.shard.index}/${blob.shard.count} of` : ''}`;
  io.stdout.write(
    raw.json ? serializeJson(blob) : renderSweepText({ sweepId: blob.sweepId, points: blob.points, ok }, io.stdout.isTTY ? ANSI : PLAIN, heading),
  );
  return ok ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}

export async function commandMerge(files: readonly string[], raw: RawOptions, io: Io): Promise<number> {
  const blobs = [];
  for (const file of files) blobs.push({ file, blob: parseSweepBlob(await readJsonFile(file, 'a blob written by `tfjs-repro sweep --out`'), file) });
  const result = mergeSweepBlobs(blobs);
  if (typeof raw.out === 'string') await writeFileAtomic(raw.out, serializeJson(result));
  io.stdout.write(raw.json ? serializeJson(result) : renderSweepText(result, io.stdout.isTTY ? ANSI : PLAIN, `merged sweep of ${files.length} blob(s),`));
  return result.ok ? EXIT_CODES.ok : EXIT_CODES.verdictFailed;
}
