import { describe, expect, it } from 'vitest';
import { estimateProgress } from '../../src/components/formcast-batch/progress-estimate';

describe('estimateProgress', () => {
  it('knows nothing before the first row', () => {
    expect(estimateProgress({ rowsDone: 0, bytesRead: 0, bytesTotal: 1000, elapsedMs: 0 })).toEqual(
      {
        rowsDone: 0,
        rowsTotal: undefined,
        rowsPerSecond: undefined,
        secondsLeft: undefined,
        fraction: 0,
      },
    );
  });

  it('extrapolates the row count and time left from the bytes read', () => {
    const e = estimateProgress({
      rowsDone: 250_000,
      bytesRead: 5_500_000,
      bytesTotal: 22_000_000,
      elapsedMs: 500,
    });
    expect(e.fraction).toBe(0.25);
    expect(e.rowsTotal).toBe(1_000_000);
    expect(e.rowsPerSecond).toBe(500_000);
    expect(e.secondsLeft).toBeCloseTo(1.5);
  });

  it('is exact at the end', () => {
    const e = estimateProgress({
      rowsDone: 1234,
      bytesRead: 5000,
      bytesTotal: 5000,
      elapsedMs: 100,
    });
    expect(e).toMatchObject({ rowsTotal: 1234, secondsLeft: 0, fraction: 1 });
  });

  it('never estimates fewer rows than are done', () => {
    const e = estimateProgress({ rowsDone: 100, bytesRead: 4000, bytesTotal: 4001, elapsedMs: 10 });
    expect(e.rowsTotal).toBeGreaterThanOrEqual(100);
  });

  it('copes with an empty file', () => {
    expect(
      estimateProgress({ rowsDone: 0, bytesRead: 0, bytesTotal: 0, elapsedMs: 5 }).fraction,
    ).toBe(0);
  });
});
