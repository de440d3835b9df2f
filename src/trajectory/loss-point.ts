import { float32ToHex, hexToFloat32 } from './float32.js';
import type { LossPoint } from './trajectory.js';

export function toLossPoint(value: number): LossPoint {
  const lossBits = float32ToHex(value);
  const loss = hexToFloat32(lossBits);
  return { loss: Number.isFinite(loss) ? loss : null, lossBits };
}
