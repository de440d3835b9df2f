import { hexToBits, ulpDistance } from '../trajectory/float32.js';
import type { LossPoint } from '../trajectory/trajectory.js';

type Epochs = { readonly epochs: readonly LossPoint[] };

/** Per epoch, the ULP distance between two runs' epoch losses (null where NaN is involved). */
export function epochUlpDistances(a: Epochs, b: Epochs): (number | null)[] {
  return a.epochs.map((e, i) => {
    const d = ulpDistance(hexToBits(e.lossBits), hexToBits(b.epochs[i]!.lossBits));
    return Number.isFinite(d) ? d : null;
  });
}

/** Per epoch, |a − b| / max(|a|, |b|) of the epoch losses (null where one is not finite). */
export function epochRelativeDistances(a: Epochs, b: Epochs): (number | null)[] {
  return a.epochs.map((e, i) => {
    const [x, y] = [e.loss, b.epochs[i]!.loss];
    if (x === null || y === null) return null;
    const scale = Math.max(Math.abs(x), Math.abs(y));
    return scale === 0 ? 0 : Math.abs(x - y) / scale;
  });
}
