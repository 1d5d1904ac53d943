import type { FormulaPolicy } from '../csv/write-csv';
import type { ModelManifest } from '../manifest/manifest-types';
import type { RunColumns } from '../runtime/run-rows';
import type { BatchProgress, BatchResult } from './batch-types';
import { scoreInParts } from './score-in-parts';
import { createPartScorer } from './score-part';

export interface ScoreCsvOptions {
  readonly onProgress?: (progress: BatchProgress) => void;
  /** The file's name, for messages; defaults to the File's own. */
  readonly fileName?: string;
  /** Bytes per part (see scoreInParts); small values exercise part boundaries in tests. */
  readonly partBytes?: number;
  /** Cells a spreadsheet would run as formulas: escaped (the default) or kept as they are. */
  readonly formulas?: FormulaPolicy;
}

/**
 * Scores a CSV file in this thread: the same parts, read, scored and joined the same way as when
 * several workers share them (scoreInParts), with this thread as the only worker. Every data row
 * of the input gives exactly one output row, in the same order; a row that cannot be scored keeps
 * its values and says why in the `error` column. Columns named like the ones the output adds (a
 * file scored before) are replaced, and the summary lists them. Problems with the file as a whole
 * (empty, header only, a required column missing, not CSV text) throw CSV_INVALID.
 */
export function scoreCsv(
  file: Blob,
  manifest: ModelManifest,
  run: RunColumns,
  { onProgress, partBytes, formulas = 'escape', ...options }: ScoreCsvOptions = {},
): Promise<BatchResult> {
  const fileName =
    options.fileName ??
    (typeof File !== 'undefined' && file instanceof File ? file.name : undefined);
  return scoreInParts(
    { file, fileName, formulas },
    [{ ready: Promise.resolve(), scorer: createPartScorer(manifest, run) }],
    { onProgress, partBytes },
  );
}
