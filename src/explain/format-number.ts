/** How a value compares with a threshold, as the text shows it. */
export type Relation = '≤' | '<' | '≥' | '>' | '=' | '≠';

export function holds(x: number, relation: Relation, threshold: number): boolean {
  switch (relation) {
    case '≤':
      return x <= threshold;
    case '<':
      return x < threshold;
    case '≥':
      return x >= threshold;
    case '>':
      return x > threshold;
    case '=':
      return x === threshold;
    case '≠':
      return x !== threshold;
  }
}

/** At least this many significant digits: 14.83 rather than 14.8, 50.5 rather than 51. */
const MIN_SIGNIFICANT = 4;

/**
 * A threshold short enough to read (14.83 for 14.828499794006348) that still makes every
 * given comparison read true: with the value 14.829 on the far side, 14.83 would read
 * "14.829 > 14.83", so it becomes 14.828. The integer part is never rounded away.
 */
export function formatThreshold(
  threshold: number,
  checks: readonly { readonly x: number; readonly relation: Relation }[] = [],
): string {
  const integerDigits = Math.max(1, Math.floor(Math.log10(Math.abs(threshold))) + 1);
  for (let p = Math.max(MIN_SIGNIFICANT, integerDigits + 1); p <= 17; p++) {
    const shown = Number(threshold.toPrecision(Math.min(p, 100)));
    if (checks.every((c) => holds(c.x, c.relation, shown))) return String(shown);
  }
  // Only a value that float32 rounding puts on the other side gets here; show it all.
  return String(threshold);
}

/**
 * The decimal with the fewest digits inside [lo, hi) (or (lo, hi] when `closedAt` is 'hi'),
 * the one nearest the middle when several are that short: where a sampled curve changes
 * between lo and hi, this is the honest short number to name.
 */
export function decimalBetween(lo: number, hi: number, closedAt: 'lo' | 'hi' = 'lo'): number {
  if (!(hi > lo)) return lo;
  const middle = (lo + hi) / 2;
  const inside = (v: number) => (closedAt === 'lo' ? v >= lo && v < hi : v > lo && v <= hi);
  for (let decimals = -15; decimals <= 15; decimals++) {
    const unit = 10 ** -decimals;
    const first = Math.ceil(lo / unit);
    const last = Math.floor(hi / unit);
    let best: number | undefined;
    for (let k = first; k <= last && k - first < 20; k++) {
      const v = roundTo(k * unit, decimals);
      if (inside(v) && (best === undefined || Math.abs(v - middle) < Math.abs(best - middle)))
        best = v;
    }
    if (best !== undefined) return best;
  }
  return closedAt === 'lo' ? lo : hi;
}

/** `value` rounded to `decimals` places (negative: to tens, hundreds…), without float noise. */
export function roundTo(value: number, decimals: number): number {
  if (decimals >= 0) return Number(value.toFixed(Math.min(decimals, 100)));
  const unit = 10 ** -decimals;
  return Math.round(value / unit) * unit;
}

/** Decimal places of a step: 1 → 0, 0.25 → 2, 0.001 → 3. */
export function stepDecimals(step: number): number {
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}
