import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export const DIGEST_HEX_DIGITS = 16;

/**
 * SHA-256 over the float32 bytes of every weight, in model order; first 16 hex digits. One
 * implementation for Node children and browser pages (@noble/hashes runs in both, synchronously;
 * browsers have only the asynchronous crypto.subtle).
 */
export function digestWeights(weights: readonly Float32Array[]): string {
  const hash = sha256.create();
  for (const values of weights) hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return bytesToHex(hash.digest()).slice(0, DIGEST_HEX_DIGITS);
}
