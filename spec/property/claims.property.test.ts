import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimNamed, type ClaimName } from '../../src/invariants/claims.js';
import { requestFor, runCheck, runKey, type CheckResult } from '../../src/check/run-check.js';
import { reproduceCommand } from '../../src/runtimes/shared/reproduce-command.js';
import { resolveRunRequest } from '../../src/trajectory/run-request.js';
import { spawnRun, type SpawnRunOptions } from '../../src/runtimes/node/spawn-run.js';
import { MAX_SEED, resolveScenarioConfig } from '../../src/scenario/config.js';
import type { BackendName } from '../../src/tfjs/backend-names.js';
import { fixtureChild } from '../helpers/children.js';
import { PROCESS_RUNS, PROPERTY_SEED, THOROUGH, announceSeed } from '../helpers/property-settings.js';

announceSeed('process-level properties');

interface Sample {
  readonly seed: number;
  readonly samples: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly units: number;
  readonly backend: BackendName;
}

/** Batch sizes that divide `samples` and give at most 10 batches an epoch (a sample stays small). */
function batchSizesFor(samples: number): number[] {
  return Array.from({ length: samples }, (_, i) => i + 1).filter((b) => samples % b === 0 && samples / b <= 10);
}

// Small by default (each sample spawns six real children); the seed experiment's size when thorough.
function sampleArbitrary(thorough: boolean): fc.Arbitrary<Sample> {
  return fc
    .record({
      seed: fc.nat({ max: MAX_SEED }),
      samples: thorough ? fc.constant(1000) : fc.constantFrom(100, 120, 200),
      epochs: thorough ? fc.integer({ min: 2, max: 70 }) : fc.integer({ min: 2, max: 3 }),
      units: fc.integer({ min: 2, max: 10 }),
      backend: fc.constantFrom<BackendName>('cpu', 'wasm'),
    })
    .chain((r) => fc.constantFrom(...batchSizesFor(r.samples)).map((batchSize) => ({ ...r, batchSize })));
}
const sampleArb = sampleArbitrary(THOROUGH);

const EDGE_SEEDS: [Sample][] = [
  [{ seed: 0, samples: 100, batchSize: 50, epochs: 2, units: 4, backend: 'wasm' }],
  [{ seed: MAX_SEED, samples: 120, batchSize: 40, epochs: 2, units: 3, backend: 'cpu' }],
];

function scenarioOf(s: Sample) {
  return resolveScenarioConfig({ seed: s.seed, samples: s.samples, batchSize: s.batchSize, epochs: s.epochs, units: s.units });
}

/** Throws with every claim that does not hold and the commands that reproduce its two runs. */
function assertAllHold(sample: Sample, result: CheckResult): void {
  const problems: string[] = [];
  for (const backend of result.backends) {
    if (backend.kind !== 'ran') continue;
    for (const outcome of backend.claims) {
      if (outcome.kind === 'holds') continue;
      const claim = claimNamed(outcome.claim);
      const why = outcome.kind === 'error' ? outcome.error.message : outcome.evidence;
      problems.push(
        `${outcome.claim} on ${backend.backend}: ${why}`,
        ...claim.runs.map((spec) => `  reproduce: ${reproduceCommand(requestFor(scenarioOf(sample), backend.backend, spec))}`),
      );
    }
  }
  if (problems.length > 0) throw new Error(`claims do not hold for ${JSON.stringify(sample)}:\n${problems.join('\n')}`);
}

function claimsProperty(claims: readonly ClaimName[], spawnOptions: Omit<SpawnRunOptions, 'onEpoch'> = {}, samples = sampleArb) {
  return fc.asyncProperty(samples, async (sample) => {
    const result = await runCheck({ scenario: scenarioOf(sample), backends: [sample.backend], claims, parallelism: 2, spawnOptions });
    assertAllHold(sample, result);
  });
}

describe('determinism claims over seeds, batch sizes, epochs and units (real child processes)', () => {
  it(`rerun, loop-equals-single, callback-equals-loop and reset-matters hold (${PROCESS_RUNS} samples + seeds 0 and 2^32-1)`, async () => {
    await fc.assert(claimsProperty(['rerun', 'loop-equals-single', 'callback-equals-loop', 'reset-matters']), {
      seed: PROPERTY_SEED,
      numRuns: PROCESS_RUNS + EDGE_SEEDS.length,
      examples: EDGE_SEEDS,
    });
  });

  it(`seed-matters holds for any two different seeds (${PROCESS_RUNS} pairs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: MAX_SEED }), fc.nat({ max: MAX_SEED }), fc.constantFrom<BackendName>('cpu', 'wasm'), async (a, b, backend) => {
        fc.pre(a !== b);
        const request = (seed: number) => resolveRunRequest({ scenario: { seed, samples: 100, batchSize: 50, epochs: 2 }, backend });
        const [ra, rb] = await Promise.all([spawnRun(request(a)), spawnRun(request(b))]);
        const verdict = claimNamed('seed-matters').judge(ra, rb);
        if (verdict.kind !== 'holds') {
          throw new Error(`seed-matters: ${verdict.evidence}\n  reproduce: ${reproduceCommand(request(a))}\n  reproduce: ${reproduceCommand(request(b))}`);
        }
      }),
      { seed: PROPERTY_SEED, numRuns: PROCESS_RUNS, examples: [[0, MAX_SEED, 'wasm']] },
    );
  });
});

describe('the rerun property can fail', () => {
  it('finds and shrinks a counterexample for a deliberately nondeterministic trainer, with the commands to replay it', async () => {
    // No `examples` here: fast-check does not shrink user-given examples of a chained arbitrary.
    // Always the small sizes, so that the shrunk case is known and cheap in thorough mode too.
    const property = claimsProperty(['rerun'], { childEntry: fixtureChild('nondeterministic') }, sampleArbitrary(false));
    const details = await fc.check(property, { seed: PROPERTY_SEED, numRuns: 1 });
    expect(details.failed).toBe(true);
    // Shrunk, unless the one generated sample happened to be the smallest already (path "0").
    expect(details.numShrinks > 0 || details.counterexamplePath === '0').toBe(true);
    const [shrunk] = details.counterexample!;
    // Every input fails, so shrinking walks each field to its smallest value.
    expect(shrunk).toEqual({ seed: 0, samples: 100, epochs: 2, units: 2, backend: 'cpu', batchSize: 10 });
    const message = String((details.errorInstance as Error).message);
    expect(message).toMatch(/rerun on cpu: differs at epoch 1 batch 1/);
    expect(message).toMatch(
      /reproduce: npx tfjs-repro run --scenario stateful-lstm-sine --backend cpu --case loop --reset none --seed 0 --samples 100 --batch-size 10 --epochs 2 --units 2/,
    );
    expect(runKey('cpu', claimNamed('rerun').runs[1])).toBe('cpu/loop/reset=none/rerun');
  });
});
