import { describe, expect, it } from 'vitest';
import { nineDigits, writeNineDigits } from '../../src/csv/nine-digits';

/** What nineDigits replaces, and must equal character for character. */
const reference = (x: number) => String(Number(x.toPrecision(9)));

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);
function float32(pattern: number): number {
  bits[0] = pattern;
  return f32[0]!;
}

describe('nineDigits', () => {
  it('writes what String(Number(x.toPrecision(9))) writes at the edges', () => {
    const edges = [
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      1,
      -1,
      0.5,
      1e-6,
      1e-7,
      9.99999999e-7,
      1e9,
      999999999.4,
      999999999.5,
      1e8,
      99999999.95,
      0.1,
      0.2,
      0.3,
      1 / 3,
      2 / 3,
      513 / 512,
      1.00195312,
      // float32 ties at the ninth digit: 1 + 2^-9 is 1.001953125 exactly
      1 + 2 ** -9,
      1 + 3 * 2 ** -9,
      2 ** 20 + 0.5,
      12345.6785,
      0.000123456785,
      Math.fround(0.1),
      Math.fround(1e-6),
      Math.fround(1e9),
      3.4028234663852886e38,
      1.4e-45,
      ...Array.from({ length: 30 }, (_, k) => 10 ** (k - 12)),
      ...Array.from({ length: 30 }, (_, k) => Math.fround(10 ** (k - 12))),
      ...Array.from({ length: 30 }, (_, k) => 10 ** (k - 12) * (1 - 2 ** -52)),
    ];
    for (const x of edges) expect([x, nineDigits(x)]).toEqual([x, reference(x)]);
  });

  it('agrees on float32 values spread over every exponent, and on float64 values', () => {
    let mismatches = 0;
    // Every 99,991st float32 bit pattern, both signs: all exponents, many mantissas.
    for (let pattern = 0; pattern < 0x7f800000; pattern += 99_991) {
      for (const x of [float32(pattern), -float32(pattern)]) {
        if (nineDigits(x) !== reference(x)) mismatches++;
      }
    }
    let seed = 7;
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const x = (seed / 2147483648) * 10 ** ((i % 18) - 7);
      if (nineDigits(x) !== reference(x)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('writes the same characters as bytes, or leaves a value it would not decide to the text', () => {
    const out = new Uint8Array(40);
    const decoder = new TextDecoder();
    let written = 0;
    let left = 0;
    let mismatches = 0;
    const check = (x: number) => {
      out.fill(0);
      const end = writeNineDigits(x, out, 3);
      if (end === -1) {
        left++;
        if (out.some((byte) => byte !== 0)) mismatches++; // nothing written
        return;
      }
      written++;
      if (decoder.decode(out.subarray(3, end)) !== nineDigits(x) || out[end] !== 0) mismatches++;
    };
    for (let pattern = 0; pattern < 0x7f800000; pattern += 99_991) {
      check(float32(pattern));
      check(-float32(pattern));
    }
    let seed = 11;
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      check(Math.fround(seed / 2147483648)); // probabilities
      check((seed / 2147483648) * 10 ** ((i % 18) - 7));
    }
    for (const x of [0, -0, NaN, Infinity, 1e-6, 1e9, 0.5, 1, 10, 1e8, 123456789, 0.1, 1e-5])
      check(x);
    expect(mismatches).toBe(0);
    // Most values take the byte path; zero, ±Infinity, NaN and the far ends take the text.
    expect(written).toBeGreaterThan(left);
    expect(writeNineDigits(0.25, out, 0)).toBe(4);
    expect(writeNineDigits(Infinity, out, 0)).toBe(-1);
  });
});
