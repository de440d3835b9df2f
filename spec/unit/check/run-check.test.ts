import { describe, expect, it } from 'vitest';
import { ReproError } from '../../../src/errors.js';
import { runCheck, type SpawnFn } from '../../../src/check/run-check.js';
import type { RunRequest } from '../../../src/trajectory/run-request.js';
import { resolveScenarioConfig } from '../../../src/scenario/config.js';
import { makeTrajectory } from '../../helpers/make-trajectory.js';

const scenario = resolveScenarioConfig({ epochs: 3, samples: 40, batchSize: 10 });

/** A fake trainer that behaves as the seed answer says tfjs should: deterministic, resets matter. */
function lawfulLoss(request: RunRequest) {
  return (epoch: number, batch: number): number => {
    const reset = request.reset === 'epoch' && epoch > 1 ? 0.5 : 0;
    return 1 / (epoch * 10 + batch + 1 + request.scenario.seed * 100 + reset);
  };
}

const lawful: SpawnFn = async (request) => ({ ...makeTrajectory({ epochs: 3, seed: request.scenario.seed, loss: lawfulLoss(request) }), request });

describe('runCheck with fake trainers', () => {
  it('plans seven distinct runs per backend and finds every claim holding for a lawful trainer', async () => {
    const seen: string[] = [];
    const result = await runCheck({
      scenario,
      backends: ['cpu', 'wasm'],
      parallelism: 3,
      spawn: async (request, options) => {
        seen.push(`${request.backend}/${request.case}/${request.reset}/${request.scenario.seed}`);
        return lawful(request, options);
      },
    });
    expect(seen).toHaveLength(14);
    expect(result.ok).toBe(true);
    expect(result.backends.flatMap((b) => (b.kind === 'ran' ? b.claims.map((c) => c.kind) : []))).toEqual(Array(12).fill('holds'));
  });

  it('finds rerun violated, with the first divergence, when one process of a pair drifts', async () => {
    let calls = 0;
    const result = await runCheck({
      scenario,
      backends: ['cpu'],
      parallelism: 1,
      claims: ['rerun'],
      spawn: async (request) => {
        const drift = calls++ === 1 ? 1e-3 : 0;
        return { ...makeTrajectory({ epochs: 3, loss: (e, b) => lawfulLoss(request)(e, b) + (e === 2 && b === 4 ? drift : 0) }), request };
      },
    });
    expect(result.ok).toBe(false);
    const [backend] = result.backends;
    expect(backend).toMatchObject({ kind: 'ran', claims: [{ claim: 'rerun', kind: 'violated', divergence: { epoch: 2, batch: 4 } }] });
  });

  it('turns a failed child into an error outcome for every claim that needed it, never a verdict', async () => {
    const result = await runCheck({
      scenario,
      backends: ['cpu'],
      spawn: async (request, options) => {
        if (request.case === 'single') throw new ReproError('child-failed', 'child crashed', { details: ['reproduce: …'] });
        return lawful(request, options);
      },
    });
    expect(result.ok).toBe(false);
    const kinds = result.backends[0]!.kind === 'ran' ? Object.fromEntries(result.backends[0]!.claims.map((c) => [c.claim, c.kind])) : {};
    expect(kinds).toEqual({
      rerun: 'holds',
      'loop-equals-single': 'error',
      'reset-matters': 'error',
      'callback-equals-loop': 'error',
      'seed-matters': 'holds',
      'env-invariance': 'holds',
    });
  });
});
