import { describe, expect, it } from 'vitest';
import { createRunCache } from '../../../src/check/run-cache.js';
import { runCheck, type SpawnFn } from '../../../src/check/run-check.js';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const scenario = resolveScenarioConfig({ epochs: 3, samples: 40, batchSize: 10 });

/** A deliberately nondeterministic trainer: every process draws its own noise into the losses. */
function nondeterministic(): { spawn: SpawnFn; calls: () => number } {
  let calls = 0;
  return {
    // The diagnosis's replays (requests with a kernel trace) are not counted.
    calls: () => calls,
    spawn: async (request) => {
      const noise = (request.trace === undefined ? ++calls : calls) * 1e-3;
      return { ...makeTrajectory({ epochs: 3, loss: (epoch, batch) => 1 / (epoch * 10 + batch) + noise }), request };
    },
  };
}

describe('the run cache shared by the golden check and the report', () => {
  it("keeps rerun's two identical requests two processes: a nondeterministic trainer is caught through the cache", async () => {
    const trainer = nondeterministic();
    const cache = createRunCache(trainer.spawn);
    const result = await runCheck({ scenario, backends: ['cpu'], claims: ['rerun'], parallelism: 2, spawn: cache() });
    expect(trainer.calls()).toBe(2);
    expect(result.backends[0]).toMatchObject({ kind: 'ran', claims: [{ claim: 'rerun', kind: 'violated' }] });
  });

  it("shares each run between consumers: the second consumer's n-th call for a request gets the first's n-th run", async () => {
    const trainer = nondeterministic();
    const cache = createRunCache(trainer.spawn);
    const [report, goldens] = [cache(), cache()];
    const request = { scenario, case: 'loop', reset: 'none', backend: 'cpu' } as const;
    const [r1, r2] = await Promise.all([report(request, {}), report(request, {})]);
    const [g1, g2, g3] = [await goldens(request, {}), await goldens(request, {}), await goldens(request, {})];
    expect(trainer.calls()).toBe(3);
    expect(g1).toBe(r1);
    expect(g2).toBe(r2);
    expect(g3).not.toBe(r1);
    // Another environment is another run.
    await goldens(request, { env: { TZ: 'UTC' } });
    expect(trainer.calls()).toBe(4);
  });

  it('does not remember a failed run: the next consumer to ask starts it again', async () => {
    let calls = 0;
    const cache = createRunCache(async (request) => {
      if (++calls === 1) throw new Error('child crashed');
      return { ...makeTrajectory({ epochs: 1 }), request };
    });
    const request = { scenario, case: 'loop', reset: 'none', backend: 'cpu' } as const;
    await expect(cache()(request, {})).rejects.toThrow('child crashed');
    await expect(cache()(request, {})).resolves.toMatchObject({ request });
    expect(calls).toBe(2);
  });
});
