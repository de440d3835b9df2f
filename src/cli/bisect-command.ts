import { compareTrajectories } from '../compare/compare-trajectories.js';
import { locateOrigin } from '../diagnosis/locate-origin.js';
import { changedWeights, culpritOf, type Culprit } from '../tfjs-versions/release-culprit.js';
import { EXIT_CODES, ReproError, describeValue } from '../errors.js';
import { assertReleaseRunnable, compareVersions, publishedTfjsVersions } from '../tfjs-versions/release-plan.js';
import { bisectReleases, maxProbes, type BisectOutcome } from '../tfjs-versions/bisect-releases.js';
import { isReleaseVersion } from '../tfjs-versions/tfjs-release.js';
import { spawnFor } from '../runtimes/registry.js';
import { DEFAULT_BACKEND, DEFAULT_RUNTIME } from '../runtimes/runtime-profiles.js';
import { resolveRunRequest, type RunRequest } from '../trajectory/run-request.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { serializeJson } from '../trajectory/trajectory-file.js';
import { renderTable } from '../report/render-table.js';
import { renderDivergenceWhere } from '../invariants/render-divergence.js';
import { createIssueCollector, nameOf, timeoutOf, type Io, type RawOptions } from './options.js';
import { selectScenarios } from './scenario-selection.js';

export const BISECT_FORMAT = 'tfjs-repro/bisect';

/** What one release gave: the base run, or the error that stopped it (a release that cannot build the model). */
type Probe = { readonly kind: 'ran'; readonly run: Trajectory } | { readonly kind: 'failed'; readonly error: string };

export async function commandBisect(raw: RawOptions, io: Io): Promise<number> {
  const { project, scenarios } = await selectScenarios(raw, io.cwd, 'first');
  const { collect, add, throwIfAny } = createIssueCollector();
  const parts = String(raw.tfjs).split('..');
  const ends = parts.length === 2 ? parts : null;
  if (ends === null) add(`--tfjs: expected good..bad, two published versions such as 4.0.0..4.22.0, got ${describeValue(raw.tfjs)}`);
  const backend = String(raw.backend ?? project.backends?.[0] ?? DEFAULT_BACKEND);
  const base = collect(() => resolveRunRequest({ scenario: scenarios[0], backend }, nameOf));
  throwIfAny();
  if (ends === null || base === undefined) throw new Error('unreachable: validated above');
  const [good, bad] = [ends[0]!, ends[1]!];
  if (!isReleaseVersion(good) || !isReleaseVersion(bad))
    throw new ReproError('usage', `--tfjs: expected good..bad, two published versions such as 4.0.0..4.22.0, got ${describeValue(raw.tfjs)}`);
  if (compareVersions(good, bad) >= 0) throw new ReproError('usage', `--tfjs: the good release must come before the bad one, got ${good}..${bad}`);
  for (const version of [good, bad]) await assertReleaseRunnable(version, DEFAULT_RUNTIME, backend);
  const versions = (await publishedTfjsVersions())
    .filter((v) => (raw.pre === true || !v.includes('-') || v === good || v === bad) && compareVersions(v, good) >= 0 && compareVersions(v, bad) <= 0)
    .sort(compareVersions);
  const timeoutMs = timeoutOf(raw);
  const spawn = spawnFor(DEFAULT_RUNTIME);
  const say = (line: string) => {
    if (!raw.json || io.stderr.isTTY) io.stderr.write(`${line}\n`);
  };
  say(`bisect: ${versions.length} releases from ${good} to ${bad}, at most ${maxProbes(versions.length)} probes (${base.scenario.scenario} on ${backend})`);
  const probe = async (version: string): Promise<Probe> => {
    try {
      return { kind: 'ran', run: await spawn({ ...base, tfjs: version }, { timeoutMs, cancelSignal: io.signal }) };
    } catch (error) {
      if (!(error instanceof ReproError) || error.code === 'usage' || error.code === 'setup-failed') throw error;
      return { kind: 'failed', error: error.message.replace(/^child run \S+ failed: /, '') };
    }
  };
  const outcome = await bisectReleases(versions, probe, sameProbe, (step, remaining) =>
    say(`  ${step.version}: ${describeProbe(step.result, step.same)}${remaining > 0 ? ` (${remaining} release(s) left between)` : ''}`),
  );
  const culprit = outcome.kind === 'found' ? await locateCulprit(base, outcome, { spawn, timeoutMs, signal: io.signal, say }) : undefined;
  io.stdout.write(raw.json ? serializeJson(renderBisectJson(outcome, base, culprit)) : renderBisectText(outcome, base, culprit));
  return outcome.kind === 'found' ? EXIT_CODES.verdictFailed : EXIT_CODES.ok;
}

function sameProbe(good: Probe, other: Probe): boolean {
  if (good.kind === 'failed') return other.kind === 'failed' && good.error === other.error;
  return other.kind === 'ran' && compareTrajectories(good.run, other.run).kind === 'identical';
}

function describeProbe(probe: Probe, same: boolean): string {
  if (probe.kind === 'failed') return `cannot train: ${probe.error}`;
  return same ? 'same numbers as the good release' : 'other numbers';
}

/** The two neighbours trained again with a kernel trace up to their first divergent batch, aligned kernel by kernel. */
async function locateCulprit(
  base: RunRequest,
  outcome: Extract<BisectOutcome<Probe>, { kind: 'found' }>,
  options: { spawn: ReturnType<typeof spawnFor>; timeoutMs: number; signal: AbortSignal | undefined; say: (line: string) => void },
): Promise<Culprit | undefined> {
  const [a, b] = [outcome.lastSame.result, outcome.firstDifferent.result];
  if (a.kind !== 'ran' || b.kind !== 'ran') return undefined;
  const comparison = compareTrajectories(a.run, b.run);
  if (comparison.kind !== 'different') return undefined;
  const upTo = { epoch: comparison.first.epoch, batch: comparison.first.batch ?? 1 };
  options.say(`tracing both at epoch ${upTo.epoch} batch ${upTo.batch}…`);
  const traced = await Promise.all(
    [outcome.lastSame.version, outcome.firstDifferent.version].map((tfjs) =>
      options.spawn({ ...base, tfjs, trace: { upTo } }, { timeoutMs: options.timeoutMs, cancelSignal: options.signal }),
    ),
  );
  const [ta, tb] = [traced[0]!.kernelTrace, traced[1]!.kernelTrace];
  if (ta === undefined || tb === undefined) return undefined;
  return culpritOf(locateOrigin(ta, tb), base.backend, comparison.first, changedWeights(a.run, b.run));
}

function renderBisectText(outcome: BisectOutcome<Probe>, base: RunRequest, culprit: Culprit | undefined): string {
  const steps = renderTable(
    ['release', 'result'],
    [...outcome.steps].sort((x, y) => compareVersions(x.version, y.version)).map((s) => [s.version, describeProbe(s.result, s.same)]),
  );
  const head = `${base.scenario.scenario} on ${base.backend}: ${outcome.steps.length} releases probed\n\n${steps}\n\n`;
  if (outcome.kind === 'nothing-to-find') return `${head}Nothing to find: ${outcome.steps.at(-1)!.version} trains as ${outcome.steps[0]!.version} does.\n`;
  const { lastSame, firstDifferent } = outcome;
  const numbers =
    lastSame.result.kind === 'ran' && firstDifferent.result.kind === 'ran'
      ? ((c) => (c.kind === 'different' ? ` from ${renderDivergenceWhere(c.first)} (${c.first.ulp} ULP)` : ''))(
          compareTrajectories(lastSame.result.run, firstDifferent.result.run),
        )
      : '';
  const lines = [`First different release: ${firstDifferent.version} (the last like the good one: ${lastSame.version})${numbers}.`];
  if (firstDifferent.result.kind === 'failed') lines.push(`  ${firstDifferent.version} cannot train it: ${firstDifferent.result.error}`);
  if (lastSame.result.kind === 'failed') lines.push(`  ${lastSame.version} cannot train it either: ${lastSame.result.error}`);
  if (culprit !== undefined) lines.push(`  where: ${culprit.where}`, `  package: ${culprit.package}`);
  return `${head}${lines.join('\n')}\n`;
}

function renderBisectJson(outcome: BisectOutcome<Probe>, base: RunRequest, culprit: Culprit | undefined): object {
  const step = (s: { version: string; result: Probe; same: boolean }) => ({
    version: s.version,
    same: s.same,
    ...(s.result.kind === 'failed' ? { error: s.result.error } : { epochLossBits: s.result.run.epochs.map((e) => e.lossBits) }),
  });
  return {
    format: BISECT_FORMAT,
    version: 1,
    scenario: base.scenario,
    backend: base.backend,
    outcome: outcome.kind,
    steps: outcome.steps.map(step),
    ...(outcome.kind === 'found' ? { lastSame: outcome.lastSame.version, firstDifferent: outcome.firstDifferent.version } : {}),
    ...(culprit === undefined ? {} : { culprit }),
  };
}
