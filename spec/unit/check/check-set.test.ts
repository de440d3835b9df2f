import { describe, expect, it } from 'vitest';
import { runCheckSet } from '../../../src/check/check-set.js';
import type { SpawnFn } from '../../../src/check/run-check.js';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const scenarios = [1, 2].map((seed) => resolveScenarioConfig({ seed, epochs: 3, samples: 40, batchSize: 10 }));

describe('a check set runs its checks at once on one bound', () => {
  it('keeps at most `parallelism` children in flight across every scenario, and reports in scenario order', async () => {
    let inFlight = 0;
    let most = 0;
    const seeds: number[] = [];
    const spawn: SpawnFn = async (request) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      seeds.push(request.scenario.seed);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { ...makeTrajectory({ epochs: 3, seed: request.scenario.seed, loss: (e, b) => 1 / (e * 10 + b + request.scenario.seed * 100) }), request };
    };
    const result = await runCheckSet({
      scenarios,
      plan: [{ runtime: 'node', backends: ['cpu', 'wasm'] }],
      expectedFor: () => ({}),
      claims: ['rerun', 'loop-equals-single'],
      parallelism: 2,
      spawnOptions: {},
      spawnFor: () => spawn,
    });
    expect(most).toBe(2);
    // Both scenarios' runs were queued at once: the second scenario's first run did not wait for the first's last.
    expect(seeds.indexOf(2)).toBeLessThan(seeds.lastIndexOf(1));
    expect(result.checks.map((c) => `${c.scenario.seed} ${c.backends.map((b) => b.backend).join(',')}`)).toEqual(['1 cpu,wasm', '2 cpu,wasm']);
    expect(result.ok).toBe(true);
  });
});
