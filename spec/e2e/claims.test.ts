import { describe, expect, it } from 'vitest';
import { claimsIn } from '../../src/runtimes/registry.js';
import { runCheck } from '../../src/check/run-check.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';

// Real children, real tfjs: a smaller seed experiment (2×LSTM(10), 300 samples in batches of 50,
// 5 epochs) so that both backends' claims run in seconds. The full 70-epoch size is what
// `npm start` runs.
const scenario = resolveScenarioConfig({ seed: 7, samples: 300, batchSize: 50, epochs: 5 });

describe.each(['cpu', 'wasm'] as const)('the seed experiment claims on %s (seed 7, real child processes)', (backend) => {
  it('every claim holds', async () => {
    const result = await runCheck({ scenario, backends: [backend], parallelism: 2 });
    const [outcome] = result.backends;
    expect(outcome?.kind).toBe('ran');
    if (outcome?.kind !== 'ran') return;
    const verdicts = Object.fromEntries(outcome.claims.map((c) => [c.claim, c.kind === 'error' ? c.error.message : c.kind]));
    expect(verdicts).toEqual(Object.fromEntries(claimsIn('node', backend, true).map((claim) => [claim.name, 'holds'])));
    expect(result.ok).toBe(true);

    const run = outcome.runs.get(`${backend}/loop/reset=none`)!;
    expect(run.batches).toHaveLength(5 * 6);
    expect(run.provenance).toMatchObject({ runtime: 'node', backend, packages: { '@tensorflow/tfjs-core': '4.22.0' } });
    // The child's environment is the allow-list, not the test runner's (no VITEST_* leak).
    expect(Object.keys(run.provenance.env).sort()).toEqual([
      'TF_CPP_MIN_LOG_LEVEL',
      'TF_ENABLE_ONEDNN_OPTS',
      'TF_NUM_INTEROP_THREADS',
      'TF_NUM_INTRAOP_THREADS',
    ]);
  });
});

describe('seed 0', () => {
  it('is a valid, deterministic seed that differs from seed 1 (real child processes, wasm)', async () => {
    const result = await runCheck({
      scenario: resolveScenarioConfig({ seed: 0, samples: 200, batchSize: 50, epochs: 2 }),
      backends: ['wasm'],
      claims: ['rerun', 'seed-matters'],
    });
    expect(result.ok).toBe(true);
  });
});
