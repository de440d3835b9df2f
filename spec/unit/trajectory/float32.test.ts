import { describe, expect, it } from 'vitest';
import { float32ToHex, hexToFloat32, isNaNBits, ulpDistance } from '../../../src/trajectory/float32.js';

describe('float32 hex codec', () => {
  it('encodes the bit pattern of the value rounded to float32', () => {
    expect(float32ToHex(1)).toBe('3f800000');
    expect(float32ToHex(-2)).toBe('c0000000');
    expect(float32ToHex(0.1)).toBe('3dcccccd');
  });

  it('keeps what JSON cannot: -0, ±Infinity and NaN', () => {
    expect(float32ToHex(-0)).toBe('80000000');
    expect(Object.is(hexToFloat32('80000000'), -0)).toBe(true);
    expect(hexToFloat32(float32ToHex(Infinity))).toBe(Infinity);
    expect(hexToFloat32(float32ToHex(-Infinity))).toBe(-Infinity);
    expect(hexToFloat32(float32ToHex(Number.NaN))).toBeNaN();
  });

  it('rejects text that is not 8 lowercase hex digits', () => {
    expect(() => hexToFloat32('3F800000')).toThrow(/8 lowercase hex digits/);
    expect(() => hexToFloat32('3f80000')).toThrow(/8 lowercase hex digits/);
  });
});

describe('ulpDistance', () => {
  it('counts representable float32 values between two patterns, across zero', () => {
    expect(ulpDistance(0x3f800000, 0x3f800001)).toBe(1);
    expect(ulpDistance(0x00000001, 0x80000001)).toBe(2);
    expect(ulpDistance(0x00000000, 0x80000000)).toBe(0);
  });

  it('is infinite between NaN and anything else, and 0 between identical NaN patterns', () => {
    expect(isNaNBits(0x7fc00000)).toBe(true);
    expect(isNaNBits(0x7f800000)).toBe(false);
    expect(ulpDistance(0x7fc00000, 0x3f800000)).toBe(Infinity);
    expect(ulpDistance(0x7fc00001, 0x7fc00000)).toBe(Infinity);
    expect(ulpDistance(0x7fc00001, 0x7fc00001)).toBe(0);
  });
});
