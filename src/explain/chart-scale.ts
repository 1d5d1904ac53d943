/** Linear scales and round tick values for the hand-drawn SVG charts. */

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/**
 * About `count` round values (1, 2 or 5 × a power of ten apart) inside [lo, hi], the way d3
 * places axis ticks: 15–74 gives 20, 30, 40, 50, 60, 70.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || count < 1) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  // d3's rule: the multiple whose tick count comes nearest `count` on a log scale.
  const error = raw / power;
  const factor =
    error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1;
  const unit = factor * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(unit)));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / unit) * unit; v <= hi + unit * 1e-9; v += unit)
    ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}
