import type { BatchProgress } from '../../batch/batch-types';

/** What the page shows about a running batch, derived from the worker's raw counts. */
export interface ProgressEstimate {
  readonly rowsDone: number;
  /** Rows in the whole file, extrapolated from the bytes per row so far; exact at the end. */
  readonly rowsTotal: number | undefined;
  readonly rowsPerSecond: number | undefined;
  readonly secondsLeft: number | undefined;
  /** Share of the file done, 0–1, by bytes. */
  readonly fraction: number;
}

/**
 * Estimates totals and time left from bytes: the file's size is known from the start while its
 * row count is not, and rows of one file are close enough in length for a progress bar.
 */
export function estimateProgress(p: BatchProgress): ProgressEstimate {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
  const seconds = p.elapsedMs / 1000;
  const finished = p.bytesTotal > 0 && p.bytesRead >= p.bytesTotal;
  let rowsTotal: number | undefined;
  if (finished) rowsTotal = p.rowsDone;
  else if (p.rowsDone > 0 && p.bytesRead > 0) {
    rowsTotal = Math.max(p.rowsDone, Math.round((p.rowsDone * p.bytesTotal) / p.bytesRead));
  }
  const bytesPerSecond = seconds > 0 ? p.bytesRead / seconds : 0;
  return {
    rowsDone: p.rowsDone,
    rowsTotal,
    rowsPerSecond: seconds > 0 && p.rowsDone > 0 ? p.rowsDone / seconds : undefined,
    secondsLeft: finished
      ? 0
      : bytesPerSecond > 0
        ? (p.bytesTotal - p.bytesRead) / bytesPerSecond
        : undefined,
    fraction,
  };
}
