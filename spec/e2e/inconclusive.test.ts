import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { claimsIn } from '../../src/runtimes/registry.js';
import { renderCheckText } from '../../src/report/render-check-text.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { tensorflowUnavailableReason } from '../../src/runtimes/node/tensorflow-addon.js';
import { fixtureChild } from '../helpers/children.js';

// Real, unseedable nondeterminism (the data generator seeded from OS entropy in every process):
// rerun must say so, and no claim may blame what it varies for a difference that is only noise.
const scenario = resolveScenarioConfig({ seed: 3, samples: 200, batchSize: 50, epochs: 3 });
// Every claim on wasm; tensorflow adds one claim (threads-invariance), asked for alone below.
const alone =
  tensorflowUnavailableReason() === undefined
    ? ({ backend: 'tensorflow', claim: 'threads-invariance' } as const)
    : ({ backend: 'wasm', claim: 'env-invariance' } as const);
const inconclusiveEvidence = /^inconclusive: the base run does not reproduce itself \(rerun differs at epoch 1 batch 1: /;

describe('a trainer whose runs do not reproduce themselves (real tfjs, seed 3)', () => {
  it('rerun is VIOLATED; every claim that rests on a difference is INCONCLUSIVE and names no culprit (wasm)', async () => {
    const events: string[] = [];
    const result = await runCheck({
      scenario,
      backends: ['wasm'],
      parallelism: 2,
      spawnOptions: { childEntry: fixtureChild('nondeterministic') },
      onEvent: (event) => events.push(event.kind),
    });
    expect(result.ok).toBe(false);
    for (const backend of result.backends) {
      expect(backend.kind).toBe('ran');
      if (backend.kind !== 'ran') continue;
      const verdicts = Object.fromEntries(backend.claims.map((c) => [c.claim, c.kind]));
      const expected = Object.fromEntries(claimsIn('node', backend.backend, true).map((c) => [c.name, c.name === 'rerun' ? 'violated' : 'inconclusive']));
      expect(verdicts, backend.backend).toEqual(expected);
      for (const claim of backend.claims.filter((c) => c.claim !== 'rerun')) {
        expect(claim.kind === 'inconclusive' && claim.evidence).toMatch(inconclusiveEvidence);
        expect(claim.kind === 'inconclusive' && claim.evidence).not.toMatch(/changed by/);
      }
    }
    // Nothing was isolated: no variation was run alone to be blamed.
    expect(events).not.toContain('extra-runs');
    expect(renderCheckText(result)).toMatch(/env-invariance\s+wasm\s+INCONCLUSIVE\s+inconclusive: the base run does not reproduce itself/);
  });

  it(`asked for ${alone.claim} alone, the control runs anyway and the verdict is still INCONCLUSIVE (${alone.backend})`, async () => {
    const events: string[] = [];
    const result = await runCheck({
      scenario,
      backends: [alone.backend],
      claims: [alone.claim],
      spawnOptions: { childEntry: fixtureChild('nondeterministic') },
      onEvent: (event) => events.push(event.kind),
    });
    const [backend] = result.backends;
    expect(backend?.kind === 'ran' && backend.claims.map((c) => [c.claim, c.kind])).toEqual([[alone.claim, 'inconclusive']]);
    expect(backend?.kind === 'ran' && backend.control?.kind).toBe('violated');
    const [claim] = backend?.kind === 'ran' ? backend.claims : [];
    expect(claim?.kind === 'inconclusive' && claim.evidence).toMatch(inconclusiveEvidence);
    expect(claim?.kind === 'inconclusive' && claim.evidence).not.toMatch(/changed by/);
    expect(events).not.toContain('extra-runs');
  });
});
