import { runCheckSet } from './check-set.js';
import type { CheckResult } from './check-result.js';
import { compareTrajectories } from '../compare/compare-trajectories.js';
import { locateOrigin } from '../diagnosis/locate-origin.js';
import { claimsFor, type ClaimName } from '../invariants/claims.js';
import { getScenario } from '../scenario/scenario-registry.js';
import { runOf } from '../invariants/run-key.js';
import { spawnFor } from '../runtimes/registry.js';
import type { ScenarioConfig } from '../scenario/config.js';
import type { BackendName } from '../tfjs/backend-names.js';
import type { Trajectory } from '../trajectory/trajectory.js';
import { changedWeights, culpritOf, type Culprit } from '../tfjs-versions/release-culprit.js';

export const ATLAS_FORMAT = 'tfjs-repro/release-atlas';

/** One release of one scenario: whether it trains, each claim's verdict, and its numbers against the release before it. */
export interface AtlasCell {
  readonly version: string;
  /** The base run trained (false: the release cannot build or train the scenario; `error` says why). */
  readonly trains: boolean;
  readonly error?: string;
  readonly verdicts: Readonly<Record<string, string>>;
  /** The base run's epoch losses as float32 bits: what a later check of this release must reproduce. */
  readonly lossBits?: readonly string[];
  /** The base run against the previous release that trained: `first`, `same`, or where it changed. */
  readonly numbers:
    | { readonly kind: 'first' }
    | { readonly kind: 'same'; readonly as: string }
    | { readonly kind: 'changed'; readonly from: string; readonly epoch: number; readonly batch?: number; readonly ulp: number; readonly culprit?: Culprit };
}

export interface AtlasScenario {
  readonly scenario: ScenarioConfig;
  readonly runtime: string;
  readonly backend: BackendName;
  readonly releases: readonly AtlasCell[];
}

export interface ReleaseAtlas {
  readonly format: typeof ATLAS_FORMAT;
  readonly version: 1;
  readonly claims: readonly ClaimName[];
  readonly scenarios: readonly AtlasScenario[];
}

export interface AtlasOptions {
  readonly scenarios: readonly ScenarioConfig[];
  readonly releases: readonly string[];
  readonly runtime: string;
  readonly backend: BackendName;
  readonly claims: readonly ClaimName[];
  readonly parallelism: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: Parameters<typeof runCheckSet>[0]['onEvent'];
}

/**
 * Every scenario on every release: the claims (one check per release, the runs of all at once on
 * one bound), then, where a release's base run differs from the previous release's, both traced to
 * the first kernel that changed and the package it belongs to.
 */
export async function buildReleaseAtlas(options: AtlasOptions): Promise<ReleaseAtlas> {
  // One set per scenario: the reset claims apply to stateful models only.
  // One after the other: each set holds the command's bound on children.
  const results: Awaited<ReturnType<typeof runCheckSet>>[] = [];
  for (const scenario of options.scenarios)
    results.push(
      await runCheckSet({
        scenarios: [scenario],
        plan: [{ runtime: options.runtime, backends: [options.backend] }],
        expectedFor: () => ({}),
        claims: options.claims.filter((name) => claimsFor(getScenario(scenario.scenario).stateful).some((claim) => claim.name === name)),
        parallelism: options.parallelism,
        tfjs: options.releases,
        spawnOptions: { timeoutMs: options.timeoutMs, ...(options.signal === undefined ? {} : { cancelSignal: options.signal }) },
        ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      }),
    );
  const result = { checks: results.flatMap((r) => r.checks) };
  const scenarios: AtlasScenario[] = [];
  for (const scenario of options.scenarios) {
    const checks = options.releases.map((version) => result.checks.find((c) => c.scenario.scenario === scenario.scenario && c.tfjs === version));
    const cells: AtlasCell[] = [];
    let previous: { version: string; run: Trajectory } | undefined;
    for (const [i, version] of options.releases.entries()) {
      const cell = await cellOf(version, checks[i], options, previous);
      cells.push(cell.cell);
      if (cell.run !== undefined) previous = { version, run: cell.run };
    }
    scenarios.push({ scenario, runtime: options.runtime, backend: options.backend, releases: cells });
  }
  return { format: ATLAS_FORMAT, version: 1, claims: options.claims, scenarios };
}

async function cellOf(
  version: string,
  check: CheckResult | undefined,
  options: AtlasOptions,
  previous: { version: string; run: Trajectory } | undefined,
): Promise<{ cell: AtlasCell; run?: Trajectory }> {
  const outcome = check?.backends[0];
  if (outcome === undefined || outcome.kind !== 'ran') {
    const error = outcome?.kind === 'unavailable' ? outcome.reason : 'not checked';
    return { cell: { version, trains: false, error, verdicts: {}, numbers: { kind: 'first' } } };
  }
  const verdicts = Object.fromEntries(outcome.claims.map((c) => [c.claim, c.kind]));
  const run = runOf(outcome.runs, options.backend);
  if (run === undefined) {
    const failed = outcome.claims.find((c) => c.kind === 'error');
    const error = failed?.kind === 'error' ? failed.error.message.replace(/^child run \S+ failed: /, '').split('\n')[0]! : 'the base run did not train';
    return { cell: { version, trains: false, error, verdicts, numbers: { kind: 'first' } } };
  }
  const lossBits = run.epochs.map((e) => e.lossBits);
  if (previous === undefined) return { cell: { version, trains: true, verdicts, lossBits, numbers: { kind: 'first' } }, run };
  const comparison = compareTrajectories(previous.run, run);
  if (comparison.kind === 'identical') return { cell: { version, trains: true, verdicts, lossBits, numbers: { kind: 'same', as: previous.version } }, run };
  const first = comparison.kind === 'incomparable' ? undefined : comparison.first;
  const culprit = first === undefined ? undefined : await traceChange(run, previous, version, first, options);
  return {
    cell: {
      version,
      trains: true,
      verdicts,
      lossBits,
      numbers: {
        kind: 'changed',
        from: previous.version,
        epoch: first?.epoch ?? 1,
        ...(first?.batch === undefined ? {} : { batch: first.batch }),
        ulp: first?.ulp ?? 0,
        ...(culprit === undefined ? {} : { culprit }),
      },
    },
    run,
  };
}

/** Both releases' base runs traced to the first divergent batch: the first kernel that changed, and its package. */
async function traceChange(
  current: Trajectory,
  previous: { version: string; run: Trajectory },
  version: string,
  first: NonNullable<Parameters<typeof culpritOf>[2]>,
  options: AtlasOptions,
): Promise<Culprit | undefined> {
  const spawn = spawnFor(options.runtime);
  const upTo = { epoch: first.epoch, batch: first.batch ?? 1 };
  const traced = await Promise.all(
    [previous.version, version].map((tfjs) =>
      spawn(
        { ...current.request, tfjs, trace: { upTo } },
        { timeoutMs: options.timeoutMs, ...(options.signal === undefined ? {} : { cancelSignal: options.signal }) },
      ),
    ),
  ).catch(() => undefined);
  const [a, b] = [traced?.[0]?.kernelTrace, traced?.[1]?.kernelTrace];
  if (a === undefined || b === undefined) return undefined;
  return culpritOf(locateOrigin(a, b), options.backend, first, changedWeights(previous.run, current));
}
