import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { renderCheckText } from '../../src/report/render-check-text.js';
import { fixtureChild } from '../helpers/children.js';

describe('negative control: a deliberately nondeterministic trainer', () => {
  it('makes rerun fail with the first divergent epoch and batch (real tfjs, wasm, seed 3)', async () => {
    const result = await runCheck({
      scenario: resolveScenarioConfig({ seed: 3, samples: 200, batchSize: 50, epochs: 3 }),
      backends: ['wasm'],
      claims: ['rerun'],
      spawnOptions: { childEntry: fixtureChild('nondeterministic') },
    });
    expect(result.ok).toBe(false);
    const outcome = result.backends[0]!;
    expect(outcome).toMatchObject({
      kind: 'ran',
      claims: [{ claim: 'rerun', kind: 'violated', divergence: { series: 'batch-loss', epoch: 1, batch: 1 } }],
    });
    const text = renderCheckText(result);
    expect(text).toMatch(/rerun\s+wasm\s+VIOLATED\s+differs at epoch 1 batch 1: [\d.e-]+ \([0-9a-f]{8}\) vs [\d.e-]+ \([0-9a-f]{8}\), \d+ ULP/);
    expect(text).toMatch(/0 of 1 claims hold; see above\./);
  });
});
