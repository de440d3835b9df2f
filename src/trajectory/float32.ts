/**
 * Float32 values travel and are stored as 8 hex digits of their bit pattern: JSON has no
 * NaN, ±Infinity or -0, and a decimal round trip can hide a 1-ULP difference.
 */
const scratch = new DataView(new ArrayBuffer(4));

/** Bit pattern of `value` rounded to float32, as 8 lowercase hex digits. */
export function float32ToHex(value: number): string {
  scratch.setFloat32(0, value);
  return scratch.getUint32(0).toString(16).padStart(8, '0');
}

export function float32BitsOf(value: number): number {
  scratch.setFloat32(0, value);
  return scratch.getUint32(0);
}

const HEX_PATTERN = /^[0-9a-f]{8}$/;

export function isFloat32Hex(text: unknown): text is string {
  return typeof text === 'string' && HEX_PATTERN.test(text);
}

/** A float32 bit pattern (uint32) as 8 hex digits; keeps every pattern, NaN payloads included. */
export function bitsToHex(bits: number): string {
  return (bits >>> 0).toString(16).padStart(8, '0');
}

/** The bit pattern (uint32) that 8 hex digits spell. */
export function hexToBits(hex: string): number {
  if (!isFloat32Hex(hex)) throw new TypeError(`expected 8 lowercase hex digits, got ${JSON.stringify(hex)}`);
  return Number.parseInt(hex, 16);
}

/** Inverse of {@link float32ToHex}; NaN payloads survive only as bits, not as the returned number. */
export function hexToFloat32(hex: string): number {
  if (!isFloat32Hex(hex)) throw new TypeError(`expected 8 lowercase hex digits, got ${JSON.stringify(hex)}`);
  scratch.setUint32(0, Number.parseInt(hex, 16));
  return scratch.getFloat32(0);
}

/**
 * Distance in units in the last place between two float32 bit patterns: the number of
 * representable float32 values between them on the ordered line (+0 and -0 count as one
 * point, so they are 0 apart). Infinity when either side is NaN and the patterns differ.
 */
export function ulpDistance(aBits: number, bBits: number): number {
  if (aBits === bBits) return 0;
  if (isNaNBits(aBits) || isNaNBits(bBits)) return Number.POSITIVE_INFINITY;
  return Math.abs(orderedBits(aBits) - orderedBits(bBits));
}

export function isNaNBits(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0;
}

function orderedBits(bits: number): number {
  // Sign-magnitude to a monotone integer: negatives mirror below zero, and -0 maps onto +0.
  return bits & 0x80000000 ? -(bits & 0x7fffffff) : bits;
}
