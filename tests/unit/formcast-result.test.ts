import { describe, expect, it } from 'vitest';
import { formatProbability } from '../../src/format/format';

describe('formatProbability', () => {
  it.each([
    [0.5, '50.0 %'],
    [0.123, '12.3 %'],
    [0.0012, '0.1 %'],
    [0.987, '98.7 %'],
    [1, '100.0 %'],
    [0, '0.0 %'],
  ])('shows %d as %j', (p, text) => {
    expect(formatProbability(p)).toBe(text);
  });

  it('never rounds a probability below 1 up to "100.0 %"', () => {
    for (const p of [0.9995, 0.99999, 1 - Number.EPSILON]) {
      expect(formatProbability(p)).toBe('>99.9 %');
    }
  });

  it('never rounds a probability above 0 down to "0.0 %"', () => {
    for (const p of [0.0004, 1e-9, Number.MIN_VALUE]) {
      expect(formatProbability(p)).toBe('<0.1 %');
    }
  });

  it('keeps one decimal everywhere in between', () => {
    for (let i = 1; i < 1000; i++) {
      expect(formatProbability(i / 1000)).toMatch(/^\d{1,2}\.\d %$/);
    }
  });
});
