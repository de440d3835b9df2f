const BARS = '▁▂▃▄▅▆▇█';

/** A one-line picture of a series on a log scale; non-finite or non-positive values show as `·`. */
export function renderSparkline(values: readonly (number | null)[], width = 35): string {
  if (values.length === 0) return '';
  const step = Math.max(1, Math.ceil(values.length / width));
  const sampled: (number | null)[] = [];
  for (let i = 0; i < values.length; i += step) sampled.push(values[i] ?? null);
  const logs = sampled.map((v) => (v !== null && Number.isFinite(v) && v > 0 ? Math.log(v) : null));
  const finite = logs.filter((v): v is number => v !== null);
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  return logs.map((v) => (v === null ? '·' : BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))])).join('');
}
