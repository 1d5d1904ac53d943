import { describe, expect, it } from 'vitest';
import { compareGolden, describeGoldenCheck, type GoldenFile } from '../../src/golden/check-golden';

const classes: GoldenFile = {
  task: 'classification',
  tolerance: 1e-6,
  classes: ['a', 'b'],
  rows: [
    {
      kind: 'training',
      note: 'training row 1',
      inputs: { x: 1 },
      label: 'a',
      probabilities: [0.9, 0.1],
    },
    {
      kind: 'training',
      note: 'training row 2',
      inputs: { x: 2 },
      label: 'b',
      probabilities: [0.2, 0.8],
    },
  ],
};

const values: GoldenFile = {
  task: 'regression',
  tolerance: 1e-5,
  rows: [
    { kind: 'training', note: 'training row 1', inputs: { x: 1 }, value: 200_000 },
    { kind: 'empty', note: 'x empty (training row 1)', inputs: { x: null }, value: 150_000 },
  ],
};

describe('the in-browser golden check', () => {
  it('counts agreeing rows and the largest difference', () => {
    const check = compareGolden(classes, [
      { label: 'a', probabilities: { a: 0.9000002, b: 0.0999998 } },
      { label: 'b', probabilities: { a: 0.2, b: 0.8 } },
    ]);
    expect(check).toMatchObject({ rows: 2, agree: 2, relative: false });
    expect(check.largestDifference).toBeCloseTo(2e-7, 12);
    expect(describeGoldenCheck(check)).toBe(
      '2/2 rows agree with scikit-learn, largest difference 2.0e-7.',
    );
  });

  it('names the first row that disagrees, by its label or its probabilities', () => {
    const label = compareGolden(classes, [
      { label: 'a', probabilities: { a: 0.9, b: 0.1 } },
      { label: 'a', probabilities: { a: 0.2, b: 0.8 } },
    ]);
    expect(label.agree).toBe(1);
    expect(describeGoldenCheck(label)).toBe(
      '1/2 rows agree with scikit-learn; row 1 (training row 2) differs: label a, expected b (tolerance 0.000001).',
    );
    const probability = compareGolden(classes, [
      { label: 'a', probabilities: { a: 0.8, b: 0.2 } },
      { label: 'b', probabilities: { a: 0.2, b: 0.8 } },
    ]);
    expect(probability.firstMismatch).toEqual({
      index: 0,
      note: 'training row 1',
      detail: 'probabilities differ by 0.10',
    });
  });

  it('compares values relatively and counts a refused row as a disagreement', () => {
    const check = compareGolden(values, [{ value: 200_001 }, { error: 'x: missing', issues: [] }]);
    expect(check).toMatchObject({ agree: 1, relative: true });
    expect(check.largestDifference).toBeCloseTo(5e-6, 12);
    expect(check.firstMismatch).toMatchObject({ index: 1, detail: 'x: missing' });
    expect(
      describeGoldenCheck(compareGolden(values, [{ value: 200_000 }, { value: 150_000 }])),
    ).toBe('2/2 rows agree with scikit-learn, largest relative difference 0.');
  });
});
