/**
 * `tfjs-repro/vitest`: a user's vitest suite as a reproducibility suite.
 *
 * ```ts
 * import 'tfjs-repro/vitest';
 * await expect('./scenarios/my-model.mjs').toHoldClaims(['rerun', 'loop-equals-single'], { backend: 'wasm' });
 * await expect('./scenarios/my-model.mjs').toMatchGoldenTrajectory();   // `vitest -u` writes/updates it
 * await assertReproducibleOver({ scenario: './scenarios/my-model.mjs' }, { batchSizes: [10, 20] });
 * ```
 *
 * Runs are spawned exactly as the CLI spawns them: separate processes with an allow-listed
 * environment (no VITEST_* variables reach them). Failure messages are the CLI's: the claim, the
 * first divergent epoch and batch, both values in decimal and hex, the ULP distance, the command
 * that reproduces the run.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { check } from '../api/run-api.js';
import { resolveScenarioInput, type ScenarioInput } from '../api/resolve-scenario.js';
import type { CheckSetResult } from '../check/check-set.js';
import type { ClaimName } from '../invariants/claims.js';
import type { ExpectedVerdicts } from '../invariants/expectations.js';
import { checkGoldens } from '../golden/check-goldens.js';
import { goldenPath } from '../golden/golden-store.js';
import { updateGoldens } from '../golden/update-goldens.js';
import { renderCheckText } from '../report/render-check-text.js';
import { renderGoldenCheckText } from '../report/render-golden.js';
import { defaultBackendIn } from '../plan/resolve-check.js';
import { DEFAULT_RUNTIME, reproduceCommand } from '../runtimes/registry.js';
import type { RuntimeName } from '../trajectory/runtime-name.js';
import { MAX_SEED } from '../scenario/scenario-config.js';
import type { BackendName } from '../tfjs/backend-names.js';

export interface ClaimMatcherOptions {
  /** @default the runtime's own backends (chromium and keras: all of theirs), else DEFAULT_BACKEND */
  readonly backend?: BackendName;
  /** @default DEFAULT_RUNTIME */
  readonly runtime?: RuntimeName;
  /** Known violations, as a config's `expect`. */
  readonly expected?: ExpectedVerdicts;
  /** Runs at once. @default the number of cores */
  readonly parallelism?: number;
}

export interface GoldenMatcherOptions {
  /** @default DEFAULT_BACKEND where the runtime has it, else the runtime's first backend */
  readonly backend?: BackendName;
  /** @default DEFAULT_RUNTIME */
  readonly runtime?: RuntimeName;
  /** The golden folder. @default `__goldens__` beside the test file */
  readonly dir?: string;
}

declare module 'vitest' {
  // The declaration merges with vitest's own `Matchers<T = any>`, which needs the same parameter.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    /** The scenario's claims (all that apply, or these) hold in separate processes. */
    toHoldClaims(claims?: readonly ClaimName[], options?: ClaimMatcherOptions): Promise<T>;
    /** The scenario's trajectory equals its committed golden; `vitest -u` (or a first run outside CI) writes it. */
    toMatchGoldenTrajectory(options?: GoldenMatcherOptions): Promise<T>;
  }
}

/** What failed, as the CLI prints it, with the command that reproduces each failing claim's first run. */
function renderFailure(result: CheckSetResult): string {
  const lines = result.checks.map((c) => renderCheckText(c)).join('\n');
  const reproduce = result.checks.flatMap((c) =>
    c.backends.flatMap((b) =>
      b.kind === 'ran'
        ? b.claims
            .filter((o) => o.kind !== 'holds')
            .map(
              (o) =>
                `${o.claim}: reproduce one run with ${reproduceCommand({ scenario: c.scenario, case: 'loop', reset: 'none', backend: b.backend }, c.runtime)}`,
            )
        : [],
    ),
  );
  return `${lines}${reproduce.length > 0 ? `\n${reproduce.join('\n')}\n` : ''}`;
}

expect.extend({
  async toHoldClaims(received: ScenarioInput, claims?: readonly ClaimName[], options: ClaimMatcherOptions = {}) {
    const cwd = this.testPath === undefined ? process.cwd() : path.dirname(this.testPath);
    const result = await check({
      scenario: received,
      ...(options.backend === undefined ? {} : { backends: [options.backend] }),
      ...(options.runtime === undefined ? {} : { runtimes: [options.runtime] }),
      claims,
      expected: options.expected,
      parallelism: options.parallelism,
      cwd,
    });
    return {
      pass: result.ok,
      message: () =>
        result.ok
          ? `expected the claims of ${JSON.stringify(received)} not to hold, but every one held:\n${renderFailure(result)}`
          : `expected the claims of ${JSON.stringify(received)} to hold:\n${renderFailure(result)}`,
    };
  },

  async toMatchGoldenTrajectory(received: ScenarioInput, options: GoldenMatcherOptions = {}) {
    const testDir = this.testPath === undefined ? process.cwd() : path.dirname(this.testPath);
    const dir = options.dir ?? path.join(testDir, '__goldens__');
    const runtime = options.runtime ?? DEFAULT_RUNTIME;
    const backend = options.backend ?? defaultBackendIn(runtime);
    const scenario = await resolveScenarioInput(received, testDir);
    const file = goldenPath(dir, scenario.scenario, backend, runtime);
    // As snapshots: `vitest -u` rewrites; a missing golden is written unless in CI (`--ci`, CI=true).
    const mode = (this.snapshotState as unknown as { _updateSnapshot?: 'all' | 'new' | 'none' } | undefined)?._updateSnapshot ?? 'new';
    if (mode === 'all' || (mode === 'new' && !existsSync(file))) {
      await updateGoldens({
        dir,
        scenarios: [scenario],
        plan: [{ runtime, backends: [backend] }],
        reason: mode === 'all' ? 'vitest -u' : 'first run of toMatchGoldenTrajectory',
        ci: false,
      });
      return { pass: true, message: () => `wrote ${file}` };
    }
    if (!existsSync(file)) return { pass: false, message: () => `no golden at ${file}; run vitest with -u to write it (it is never written in CI)` };
    const result = await checkGoldens(dir, { only: [file] });
    return {
      pass: result.ok,
      message: () => `${result.ok ? 'expected a drift from' : 'the trajectory drifted from'} its golden ${file}:\n${renderGoldenCheckText(result)}`,
    };
  },
});

export interface ReproducibleOverOptions {
  /** Batch sizes to draw from (each must divide the samples of a stateful scenario). @default the scenario's */
  readonly batchSizes?: readonly number[];
  /** Points to try. @default 5 */
  readonly numRuns?: number;
  /** fast-check's seed, to replay a failure (it prints it with the path). @default random */
  readonly seed?: number;
  readonly claims?: readonly ClaimName[];
  readonly backend?: BackendName;
  readonly cwd?: string;
}

/**
 * A property over master seeds (0 and 2^32−1 among the first) and batch sizes: every claim holds
 * at every point fast-check draws. A failure shrinks to the smallest failing point and prints
 * fast-check's seed and path to replay it, with the CLI's verdict table for that point.
 */
export async function assertReproducibleOver(scenario: ScenarioInput, options: ReproducibleOverOptions = {}): Promise<void> {
  const base = await resolveScenarioInput(scenario, options.cwd);
  const seeds = fc.oneof(fc.constantFrom(0, MAX_SEED), fc.integer({ min: 0, max: MAX_SEED }));
  const batchSizes = fc.constantFrom(...(options.batchSizes ?? [base.batchSize]));
  await fc.assert(
    fc.asyncProperty(seeds, batchSizes, async (seed, batchSize) => {
      const result = await check({
        scenario: { ...base, seed, batchSize },
        ...(options.backend === undefined ? {} : { backends: [options.backend] }),
        claims: options.claims,
        parallelism: os.availableParallelism(),
      });
      if (!result.ok) throw new Error(`not reproducible at seed ${seed}, batch size ${batchSize}:\n${renderFailure(result)}`);
    }),
    { numRuns: options.numRuns ?? 5, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
}
