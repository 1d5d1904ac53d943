import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks } from '../../src/explain/chart-scale';
import {
  decimalBetween,
  formatThreshold,
  holds,
  roundTo,
  stepDecimals,
} from '../../src/format/format';

const NA_TO_K = Math.fround(14.8285); // 14.828499794006348, the exported float32 threshold

describe('formatThreshold', () => {
  it('shortens a float32 threshold to four significant digits when nothing contradicts it', () => {
    expect(formatThreshold(NA_TO_K)).toBe('14.83');
    expect(formatThreshold(50.5)).toBe('50.5');
    expect(formatThreshold(0.5)).toBe('0.5');
    expect(formatThreshold(Math.fround(0.1234567))).toBe('0.1235');
  });

  it('keeps the whole integer part', () => {
    expect(formatThreshold(123456.75)).toBe('123456.8');
  });

  it('adds digits until every given comparison reads true', () => {
    expect(formatThreshold(NA_TO_K, [{ x: 14, relation: '≤' }])).toBe('14.83');
    expect(formatThreshold(NA_TO_K, [{ x: 14.829, relation: '>' }])).toBe('14.828');
    expect(formatThreshold(NA_TO_K, [{ x: 14.83, relation: '>' }])).toBe('14.828');
    expect(formatThreshold(NA_TO_K, [{ x: 14.8285, relation: '≤' }])).toBe('14.83');
    expect(
      formatThreshold(NA_TO_K, [
        { x: 14, relation: '≤' },
        { x: 14.829, relation: '>' },
      ]),
    ).toBe('14.828');
  });

  it('shows the full value when no decimal can make the comparison read right', () => {
    // 1.50000005 becomes 1.5 in float32, so it goes left of 1.5; no rounding of 1.5 shows that.
    expect(formatThreshold(1.5, [{ x: 1.50000005, relation: '≤' }])).toBe('1.5');
    // Rounding up far enough does work for a value just below the float32 threshold.
    expect(formatThreshold(Math.fround(0.1), [{ x: 0.10000000149, relation: '≤' }])).toBe(
      '0.1000000015',
    );
  });

  it('every shortened threshold keeps each value on its side (property)', () => {
    for (let i = 0; i < 2000; i++) {
      const t = Math.fround(Math.random() * 100);
      const x = Number((Math.random() * 100).toFixed(3));
      const relation = x <= t ? '≤' : '>';
      const shown = Number(formatThreshold(t, [{ x, relation }]));
      expect(holds(x, relation, shown), `${x} ${relation} ${shown} (t = ${t})`).toBe(true);
    }
  });
});

describe('decimalBetween', () => {
  it('picks the shortest number in the gap, nearest its middle', () => {
    expect(decimalBetween(14.69, 14.96)).toBe(14.8);
    expect(decimalBetween(50, 51)).toBe(50);
    expect(decimalBetween(50, 51, 'hi')).toBe(51);
    expect(decimalBetween(140, 160)).toBe(150);
    expect(decimalBetween(14.828, 14.829)).toBe(14.828);
    expect(decimalBetween(0.0012, 0.0019)).toBe(0.0015);
  });

  it('stays inside the interval it was given', () => {
    for (let i = 0; i < 2000; i++) {
      const lo = Number((Math.random() * 50).toFixed(3));
      const hi = Number((lo + 0.001 + Math.random() * 3).toFixed(3));
      const at = decimalBetween(lo, hi);
      expect(at >= lo && at < hi, `${at} in [${lo}, ${hi})`).toBe(true);
      const up = decimalBetween(lo, hi, 'hi');
      expect(up > lo && up <= hi, `${up} in (${lo}, ${hi}]`).toBe(true);
    }
  });
});

describe('number helpers', () => {
  it.each([
    [1, 0],
    [0.25, 2],
    [0.001, 3],
    [1e-7, 7],
    [2.5e-7, 8],
  ])('step %d has %d decimals', (step, decimals) => {
    expect(stepDecimals(step)).toBe(decimals);
  });

  it('rounds without float noise, to places or to tens', () => {
    expect(roundTo(0.1 + 0.2, 3)).toBe(0.3);
    expect(roundTo(1234, -2)).toBe(1200);
  });

  it('scales linearly and places round ticks', () => {
    const x = linearScale([15, 74], [0, 590]);
    expect(x(15)).toBe(0);
    expect(x(74)).toBe(590);
    expect(x(44.5)).toBeCloseTo(295);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
    expect(niceTicks(15, 74)).toEqual([20, 30, 40, 50, 60, 70]);
    expect(niceTicks(6.269, 38.247)).toEqual([10, 15, 20, 25, 30, 35]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
