import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGoldens } from '../../src/golden/check-goldens.js';
import { updateGoldens } from '../../src/golden/update-goldens.js';
import { resolveScenarioConfig } from '../../src/scenario/config.js';
import { useTempDir } from '../helpers/temp-dir.js';

// The folder lock of golden update (spec/e2e/golden-upgrade.test.ts has the rest of the gate).
const scenario = resolveScenarioConfig({ seed: 11, samples: 200, batchSize: 50, epochs: 3 });
const tempDir = useTempDir('golden-lock');

describe('concurrent golden updates', () => {
  it('two at once on one folder: one runs, the other is refused by the lock, and the file is valid', async () => {
    const dir = path.join(tempDir(), 'concurrent');
    const update = (reason: string) =>
      updateGoldens({ dir, scenarios: [scenario], plan: [{ runtime: 'node', backends: ['wasm'] }], reason, ci: false, parallelism: 1 });
    const results = await Promise.allSettled([update('first'), update('second')]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(/another golden update( \(pid \d+\))? holds .*\.tfjs-repro\.lock/);
    const check = await checkGoldens(dir, { parallelism: 2 });
    expect(check.ok).toBe(true);
  });
});
