import { renderCheckText } from '../../../src/report/render-check-text.js';
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
  it('plans nine distinct runs per backend (two with Math.random native) and finds every claim holding for a lawful trainer', async () => {
    const seen: string[] = [];
    const result = await runCheck({
      scenario,
      backends: ['cpu', 'wasm'],
      parallelism: 3,
      spawn: async (request, options) => {
        seen.push(`${request.backend}/${request.case}/${request.reset}/${request.scenario.seed}${request.mathRandom === 'native' ? '/native' : ''}`);
        return lawful(request, options);
      },
    });
    expect(seen).toHaveLength(18);
    expect(seen.filter((run) => run.endsWith('/native'))).toEqual([
      'cpu/loop/none/1/native',
      'cpu/loop/none/1/native',
      'wasm/loop/none/1/native',
      'wasm/loop/none/1/native',
    ]);
    expect(result.ok).toBe(true);
    expect(result.backends.flatMap((b) => (b.kind === 'ran' ? b.claims.map((c) => c.kind) : []))).toEqual(Array(14).fill('holds'));
    // Nothing drew from Math.random: no verdict rests on tfjs-repro's seeding of it.
    expect(result.backends.flatMap((b) => (b.kind === 'ran' ? b.claims.filter((c) => c.kind === 'holds' && c.precondition !== undefined) : []))).toEqual([]);
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
      'rerun-native-random': 'holds',
      'loop-equals-single': 'error',
      'reset-matters': 'error',
      'callback-equals-loop': 'error',
      'seed-matters': 'holds',
      'env-invariance': 'holds',
    });
  });

  it('a trainer that draws from Math.random when it is left native: rerun-native-random is violated, and every claim that holds says it rests on the seeding', async () => {
    let draws = 0;
    const result = await runCheck({
      scenario,
      backends: ['wasm'],
      claims: ['rerun', 'rerun-native-random', 'seed-matters'],
      spawn: async (request, options) => {
        const native = request.mathRandom === 'native' ? (draws++ + 1) * 1e-3 : 0;
        const run = await lawful(request, options);
        return { ...makeTrajectory({ epochs: 3, seed: request.scenario.seed, loss: (e, b) => lawfulLoss(request)(e, b) + native }), request: run.request };
      },
    });
    const [backend] = result.backends;
    expect(backend?.kind === 'ran' && backend.claims.map((c) => [c.claim, c.kind, c.kind === 'holds' ? c.precondition : undefined])).toEqual([
      ['rerun', 'holds', 'math-random-seeded'],
      ['rerun-native-random', 'violated', undefined],
      ['seed-matters', 'holds', 'math-random-seeded'],
    ]);
    expect(renderCheckText(result)).toMatch(
      /rerun +wasm +holds\* .*\n[\s\S]*\* holds given Math\.random seeded before tfjs loads: rerun-native-random is violated on wasm/,
    );
  });

  it('with Math.random native for every run (--math-random native), rerun is the native rerun and no verdict rests on the seeding', async () => {
    const natives: boolean[] = [];
    const result = await runCheck({
      scenario,
      backends: ['wasm'],
      mathRandom: 'native',
      spawn: async (request, options) => {
        natives.push(request.mathRandom === 'native');
        return lawful(request, options);
      },
    });
    expect(natives.length).toBeGreaterThan(0);
    expect(natives.every(Boolean)).toBe(true);
    const [backend] = result.backends;
    expect(backend?.kind === 'ran' && backend.claims.map((c) => c.claim)).not.toContain('rerun-native-random');
  });
});
