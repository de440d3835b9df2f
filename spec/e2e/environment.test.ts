import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTrajectories } from '../../src/compare/compare-trajectories.js';
import { runCheck } from '../../src/check/run-check.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { fixtureChild } from '../helpers/children.js';
import { useTempDir } from '../helpers/temp-dir.js';

const scenario = resolveScenarioConfig({ seed: 21, samples: 200, batchSize: 50, epochs: 3 });

describe('env-invariance', () => {
  it('fails for a timezone-sensitive trainer and names the timezone as the variation that changes it (real tfjs, wasm, seed 21)', async () => {
    const result = await runCheck({
      scenario,
      backends: ['wasm'],
      claims: ['env-invariance'],
      spawnOptions: { childEntry: fixtureChild('timezone-sensitive') },
    });
    const [outcome] = result.backends;
    expect(outcome).toMatchObject({ kind: 'ran', claims: [{ claim: 'env-invariance', kind: 'violated' }] });
    const violated = outcome?.kind === 'ran' && outcome.claims[0]!.kind === 'violated' ? outcome.claims[0]! : undefined;
    expect(violated?.evidence).toMatch(/^differs at epoch 1 batch 1: /);
    expect(violated?.kind === 'violated' && violated.isolation).toEqual({
      culprits: [{ name: 'timezone', description: 'TZ=Pacific/Chatham (UTC+12:45)' }],
      unrun: [],
    });
    // Why: the environment variable the isolation named, from the first batch, with the fix.
    expect(outcome?.kind === 'ran' && outcome.claims[0]!.kind === 'violated' && outcome.claims[0]!.diagnosis).toMatchObject({
      cause: 'environment:TZ',
      origin: { epoch: 1, batch: 1 },
      fix: expect.stringMatching(/make training independent of TZ/) as unknown,
    });
  });
});

describe('concurrency and the code cache', () => {
  const temp = useTempDir('code-cache-e2e');
  it('gives bitwise identical trajectories with 1 and with 2 children at once, compiled afresh or from the code cache (wasm, seed 21)', async () => {
    // The claims whose runs differ most (rerun, the two cases, resets): 4 children a check.
    const claims = ['rerun', 'loop-equals-single', 'reset-matters'] as const;
    const codeCache = path.join(temp(), 'v8');
    const [serial, parallel] = [
      await runCheck({ scenario, backends: ['wasm'], claims, parallelism: 1, spawnOptions: { codeCache: false } }),
      // A cold cache: the first two children write it, the other two compile from it.
      await runCheck({ scenario, backends: ['wasm'], claims, parallelism: 2, spawnOptions: { codeCache } }),
    ];
    expect(serial.ok && parallel.ok).toBe(true);
    expect(readdirSync(codeCache).filter((name) => name.endsWith('.bin')).length).toBeGreaterThan(0);
    for (const [i, backend] of serial.backends.entries()) {
      const other = parallel.backends[i]!;
      if (backend.kind !== 'ran' || other.kind !== 'ran') throw new Error('both backends must run');
      expect([...backend.runs.keys()].sort()).toEqual([...other.runs.keys()].sort());
      expect(backend.runs.size).toBe(4);
      for (const [key, trajectory] of backend.runs) expect(compareTrajectories(trajectory, other.runs.get(key)!).kind, key).toBe('identical');
    }
  });
});
