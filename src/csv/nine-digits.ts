/**
 * `String(Number(x.toPrecision(9)))` without its two number-to-text conversions and a parse:
 * a scored CSV writes two or three such numbers per row, and for boosted models, whose rows
 * almost all answer differently, that was the largest single cost of writing the file (≈ 2 µs
 * per row). Only values whose rounding is decided beyond doubt take the fast path; the rest
 * (ties within float64 error, values below 1e-6 or from 1e9 on) take the reference expression.
 */

/** 10^0 … 10^15, every one exact in float64. */
const POWERS = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** How close to a rounding decision the computed product may come before we do not trust it. */
const MARGIN = 1e-6;

/** 10^-6 … 10^8, for finding a magnitude's exponent without Math.log10. */
const DECADES = Array.from({ length: 15 }, (_, i) => 10 ** (i - 6));

/**
 * The exponent e of a magnitude `a` (a · 10^(8 − e) in [1e8, 1e9): nine significant digits),
 * or NaN when rounding that product might not decide as toPrecision(9) does: `a` below 1e-6 or
 * from 1e9 on, or the product within MARGIN of a half or of the range's ends.
 */
function fastExponent(a: number): number {
  if (!(a >= 1e-6 && a < 1e9)) return NaN;
  // A first guess (it may be one off next to a power of ten); the comparisons on the (exact or
  // nearly exact) product settle it.
  let exponent: number;
  if (a < 1) {
    exponent = -1;
    while (exponent > -6 && a < DECADES[exponent + 6]!) exponent--;
  } else {
    exponent = 0;
    while (exponent < 8 && a >= DECADES[exponent + 7]!) exponent++;
  }
  let scaled = a * POWERS[8 - exponent]!;
  if (scaled >= 1e9) scaled = a * POWERS[8 - ++exponent]!;
  else if (scaled < 1e8) scaled = a * POWERS[8 - --exponent]!;
  // The product carries at most half an ulp of error (≈ 6e-8 below 1e9; none at all for a
  // float32 up to 10^12 · 2^-24 of magnitude): outside MARGIN of a half or of the range ends,
  // Math.round (ties up, as toPrecision rounds magnitudes) decides exactly as toPrecision would.
  const undecided =
    Math.abs(scaled - Math.floor(scaled) - 0.5) < MARGIN ||
    scaled < 1e8 + MARGIN ||
    scaled > 1e9 - 1 + 0.5 - MARGIN;
  return undecided ? NaN : exponent;
}

export function nineDigits(x: number): string {
  const a = Math.abs(x);
  const exponent = fastExponent(a);
  if (Number.isNaN(exponent)) return String(Number(x.toPrecision(9)));
  let digits = Math.round(a * POWERS[8 - exponent]!);
  while (digits % 10 === 0) digits /= 10;
  // The value is 0.d1d2… × 10^(exponent + 1), its digits without the trailing zeros.
  const text = String(digits);
  const sign = x < 0 ? '-' : '';
  const whole = exponent + 1;
  if (whole <= 0) return `${sign}0.${'0'.repeat(-whole)}${text}`;
  if (whole >= text.length) return `${sign}${text}${'0'.repeat(whole - text.length)}`;
  return `${sign}${text.slice(0, whole)}.${text.slice(whole)}`;
}

/**
 * Writes nineDigits(x) as ASCII into out[at…] and returns where it ends, or -1 (writing nothing)
 * when x is not one nineDigits decides on its fast path: the caller then writes nineDigits(x)
 * itself. Same rounding, same layout, no string: a batch of a boosted model writes two or three
 * such numbers per row, and building them as strings was most of what its output cost. `out`
 * needs 17 bytes of room from `at`.
 */
export function writeNineDigits(x: number, out: Uint8Array, at: number): number {
  const a = Math.abs(x);
  const exponent = fastExponent(a);
  if (Number.isNaN(exponent)) return -1;
  // The significant digits (the string's trailing zeros dropped), as an int32: below 1e9.
  let digits = Math.round(a * POWERS[8 - exponent]!) | 0;
  let length = 9;
  while (digits % 10 === 0) {
    digits = (digits / 10) | 0;
    length--;
  }
  if (x < 0) out[at++] = 45; // -
  // nineDigits' layout, 0.000ddd, ddd000 or dd.ddd: the zeros and the dot first, then the
  // digits from the last one back to `first`, around the dot.
  const whole = exponent + 1;
  let first = at;
  let last: number;
  let dot = -1;
  let end: number;
  if (whole <= 0) {
    out[at] = 48; // 0
    out[at + 1] = 46; // .
    for (let i = 0; i < -whole; i++) out[at + 2 + i] = 48;
    first = at + 2 - whole;
    end = first + length;
    last = end - 1;
  } else if (whole >= length) {
    for (let i = length; i < whole; i++) out[at + i] = 48;
    end = at + whole;
    last = at + length - 1;
  } else {
    dot = at + whole;
    out[dot] = 46; // .
    end = at + length + 1;
    last = end - 1;
  }
  for (let i = last; i >= first; i--) {
    if (i === dot) continue;
    const next = (digits / 10) | 0;
    out[i] = 48 + digits - next * 10;
    digits = next;
  }
  return end;
}
