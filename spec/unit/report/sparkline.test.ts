import { describe, expect, it } from 'vitest';
import { renderSparkline } from '../../../src/report/sparkline.js';

describe('renderSparkline', () => {
  it('draws a falling series from the highest bar to the lowest on a log scale', () => {
    expect(renderSparkline([1, 0.1, 0.01])).toBe('█▅▁');
  });

  it('marks non-finite losses and samples long series down to the width', () => {
    expect(renderSparkline([1, null, Number.NaN, 0.5])).toBe('█··▁');
    expect(
      renderSparkline(
        Array.from({ length: 70 }, (_, i) => 1 / (i + 1)),
        35,
      ),
    ).toHaveLength(35);
  });
});
