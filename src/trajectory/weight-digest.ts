import { createHash } from 'node:crypto';

export const DIGEST_HEX_DIGITS = 16;

/** SHA-256 over the float32 bytes of every weight, in model order; first 16 hex digits. */
export function digestWeights(weights: readonly Float32Array[]): string {
  const hash = createHash('sha256');
  for (const values of weights) hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return hash.digest('hex').slice(0, DIGEST_HEX_DIGITS);
}
