import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXIT_CODES, ReproError, describeValue } from '../errors.js';
import { CLAIM_NAMES, type ClaimName } from '../invariants/claims.js';
import { renderAtlasMarkdown } from '../report/render-atlas.js';
import { DEFAULT_REPORT_DIR } from '../report/write-report.js';
import { DEFAULT_BACKEND } from '../runtimes/runtime-profiles.js';
import { ATLAS_FORMAT, buildReleaseAtlas, type ReleaseAtlas } from '../check/release-atlas.js';
import { assertPublished, assertReleaseRunnable, compareVersions, publishedTfjsVersions } from '../tfjs-versions/release-plan.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { createIssueCollector, parallelismOf, parseClaims, timeoutOf, type Io, type RawOptions } from './options.js';
import { createProgress } from './progress.js';
import { runtimeOf, tfjsVersionsOf } from './runtime-options.js';
import { selectScenarios } from './scenario-selection.js';

/** The claims an atlas judges on every release unless `--claims` says otherwise: the seed answer's, and the negative control. */
export const ATLAS_CLAIMS: readonly ClaimName[] = ['rerun', 'loop-equals-single', 'reset-matters', 'seed-matters'];
/** Where the atlas goes inside the report folder. */
export const ATLAS_DIR = 'releases';

/**
 * `report --tfjs <good..bad | list>`: the release atlas. Every scenario of the config (or
 * `--scenario`) on every published release in the range, one backend: writes `releases/README.md`
 * and `releases/releases.json` into the report folder (the rest of the report is left as it is).
 */
export async function commandAtlas(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios } = await selectScenarios(raw, io.cwd, 'all');
  const dir = path.join(typeof raw.out === 'string' ? raw.out : (project.reportDir ?? DEFAULT_REPORT_DIR), ATLAS_DIR);
  if (typeof raw.from === 'string') {
    // Re-rendered from an earlier atlas's releases.json: no run.
    const atlas = await readAtlas(raw.from);
    await writeAtlas(dir, atlas);
    io.stdout.write(`wrote ${path.join(dir, 'README.md')} from ${raw.from}\n`);
    return EXIT_CODES.ok;
  }
  const { collect, throwIfAny } = createIssueCollector();
  const runtime = runtimeOf(raw);
  const backend = String(raw.backend ?? DEFAULT_BACKEND);
  const claims = (raw.claims === undefined ? ATLAS_CLAIMS : collect(() => parseClaims(raw.claims as string))) ?? ATLAS_CLAIMS;
  const parallelism = collect(() => parallelismOf(raw));
  const timeoutMs = collect(() => timeoutOf(raw));
  throwIfAny();
  if (parallelism === undefined || timeoutMs === undefined) throw new Error('unreachable: validated above');
  const releases = await releasesOf(String(raw.tfjs));
  for (const version of [releases[0]!, releases.at(-1)!]) await assertReleaseRunnable(version, runtime, backend);
  io.stderr.write(
    `release atlas: ${scenarios.length} scenario(s) × ${releases.length} releases (${releases[0]} … ${releases.at(-1)}) on ${runtime}/${backend}\n`,
  );
  const atlas = await buildReleaseAtlas({
    scenarios,
    releases,
    runtime,
    backend,
    claims: claims.filter((c) => (CLAIM_NAMES as readonly string[]).includes(c)),
    parallelism,
    timeoutMs,
    signal: io.signal,
    onEvent: createProgress(io, Boolean(raw.json)),
  });
  if (io.signal.aborted) return EXIT_CODES.ok;
  await writeAtlas(dir, atlas);
  io.stdout.write(raw.json ? serializeJson(atlas) : `wrote ${path.join(dir, 'README.md')} and releases.json\n`);
  return EXIT_CODES.ok;
}

/** `4.0.0..4.22.0` (the published releases between, pre-releases left out) or `4.10.0,4.22.0`. */
async function releasesOf(text: string): Promise<string[]> {
  const ends = text.split('..');
  if (ends.length === 1) {
    const list = tfjsVersionsOf(text);
    for (const version of list) await assertPublished(version);
    return list;
  }
  const [good, bad] = ends as [string, string];
  if (ends.length !== 2 || compareVersions(good, bad) >= 0)
    throw new ReproError('usage', `--tfjs: expected first..last (first before last) or a list, got ${describeValue(text)}`);
  for (const version of [good, bad]) await assertPublished(version);
  return (await publishedTfjsVersions()).filter((v) => !v.includes('-') && compareVersions(v, good) >= 0 && compareVersions(v, bad) <= 0).sort(compareVersions);
}

/** The page and its numbers, written beside each other into a partial folder and renamed: never half an atlas. */
async function writeAtlas(dir: string, atlas: ReleaseAtlas): Promise<void> {
  const partial = `${dir}.partial-${process.pid}`;
  await mkdir(partial, { recursive: true });
  await writeFile(path.join(partial, 'README.md'), renderAtlasMarkdown(atlas));
  await writeFile(path.join(partial, 'releases.json'), serializeJson(atlas));
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
}

/** An atlas's releases.json, checked to be one. */
export async function readAtlas(file: string): Promise<ReleaseAtlas> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ReproError('input-file', `--from ${file}: cannot read a release atlas (${(error as Error).message})`);
  }
  const atlas = value as Partial<ReleaseAtlas>;
  if (atlas.format !== ATLAS_FORMAT || atlas.version !== 1 || !Array.isArray(atlas.scenarios))
    throw new ReproError('input-file', `--from ${file}: expected a release atlas (format "${ATLAS_FORMAT}", version 1), got ${describeValue(atlas.format)}`);
  return atlas as ReleaseAtlas;
}
