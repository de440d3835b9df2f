import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkGoldens } from '../../src/golden/check-goldens.js';
import { renderGoldenCheckText } from '../../src/report/render-golden.js';

const GOLDEN_DIR = fileURLToPath(new URL('../../fixtures/golden', import.meta.url));

describe('the committed goldens (the CI gate for tfjs and backend upgrades)', () => {
  it('reproduce bit for bit in fresh processes: the seed experiment, seed 1, 70 epochs, cpu and wasm', async () => {
    const result = await checkGoldens(GOLDEN_DIR, { parallelism: 2 });
    const summary = renderGoldenCheckText(result);
    expect(result.files.length, summary).toBeGreaterThanOrEqual(2);
    expect(result.files.map((f) => (f.kind === 'checked' ? `${f.verdict}/${f.sameProvenance}` : f.kind)), summary).toEqual(
      result.files.map(() => 'identical/true'),
    );
    expect(result.ok).toBe(true);
  });
});
