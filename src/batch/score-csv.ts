import { type FormulaPolicy, predictionColumns } from '../csv/write-csv';
import { ErrorCode, FormcastError } from '../errors';
import type { ModelValues } from '../inputs/validate-inputs';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import type { RunRows } from '../runtime/run-rows';
import { BatchTally } from './batch-summary';
import type { BatchProgress, BatchResult } from './batch-types';
import { mapHeader } from './map-header';
import { quoteName, readCsv } from './read-csv';
import { ScoredOutput } from './scored-output';
import { createRowValidator, type RowCheck } from './validate-row';

/** Progress reports per second, at most: enough for a smooth bar, cheap to post. */
const PROGRESS_INTERVAL_MS = 100;

export interface ScoreCsvOptions {
  readonly onProgress?: (progress: BatchProgress) => void;
  /** The file's name, for messages; defaults to the File's own. */
  readonly fileName?: string;
  /** Bytes per read (see readCsv). */
  readonly chunkBytes?: number;
  /** Cells a spreadsheet would run as formulas: escaped (the default) or kept as they are. */
  readonly formulas?: FormulaPolicy;
}

/** A row on its way to the output: its fields and what validation said. */
interface Entry {
  readonly fields: readonly string[];
  readonly check: RowCheck;
}

const EMPTY_LINE: RowCheck = {
  ok: false,
  issues: [{ reason: 'row is empty', message: 'row is empty' }],
};

/**
 * Scores a CSV file: read → parse → header mapping → per-row validation → model runs → output
 * CSV, block by block, so memory holds one block of rows (plus the output, kept as Blob parts).
 * Every data row of the input gives exactly one output row, in the same order; a row that cannot
 * be scored keeps its values and says why in the `error` column. Columns named like the ones the
 * output adds (a file scored before) are replaced, and the summary lists them. Problems with the
 * file as a whole (empty, header only, a required column missing, not CSV text) throw
 * CSV_INVALID.
 */
export async function scoreCsv(
  file: Blob,
  manifest: ModelManifest,
  run: RunRows,
  { onProgress, chunkBytes, formulas = 'escape', ...options }: ScoreCsvOptions = {},
): Promise<BatchResult> {
  const started = performance.now();
  const fileName =
    options.fileName ??
    (typeof File !== 'undefined' && file instanceof File ? file.name : undefined);
  const tally = new BatchTally(isRegression(manifest) ? null : manifest.outputs.classes);
  let output: ScoredOutput | undefined;
  let validate: ((fields: readonly string[], problem?: string) => RowCheck) | undefined;
  let delimiter = ',';
  let replaced: readonly string[] = [];
  // Blank lines are rows only when data follows: trailing ones are the file's end, not rows.
  let pendingBlankLines = 0;
  let lastReport = Number.NEGATIVE_INFINITY;

  for await (const block of readCsv(file, { fileName, chunkBytes })) {
    const entries: Entry[] = [];
    const valid: ModelValues[] = [];
    for (let i = 0; i < block.records.length; i++) {
      const fields = block.records[i]!;
      const blank = fields.length === 1 && fields[0]!.trim() === '';
      if (!validate) {
        if (blank) continue; // blank lines before the header
        delimiter = block.delimiter;
        const header = mapHeader(fields, manifest.inputs, predictionColumns(manifest));
        replaced = header.replaced;
        output = new ScoredOutput(manifest, header, formulas);
        validate = createRowValidator(manifest.inputs, {
          width: header.width,
          inputColumns: header.inputColumns,
          decimalComma: delimiter === ';',
        });
        continue;
      }
      if (blank && !block.problems.has(i)) {
        pendingBlankLines++;
        continue;
      }
      for (; pendingBlankLines > 0; pendingBlankLines--) {
        entries.push({ fields: [''], check: EMPTY_LINE });
      }
      const check = validate(fields, block.problems.get(i));
      if (check.ok) valid.push(check.values);
      entries.push({ fields, check });
    }
    if (!output) continue;

    const { labels, scores, width } = await run(valid);
    let v = 0;
    for (const { fields, check } of entries) {
      if (check.ok) {
        const label = labels ? labels[v]! : null;
        output.scored(fields, label, scores, v * width, width);
        if (label === null) tally.scoredValue(scores[v]!);
        else tally.scored(label);
        v++;
      } else {
        output.failed(fields, check.issues.map((issue) => issue.message).join('; '));
        tally.failed(check.issues);
      }
    }
    output.flush();

    const now = performance.now();
    if (onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = now;
      onProgress({
        rowsDone: tally.count,
        bytesRead: block.bytesRead,
        bytesTotal: file.size,
        elapsedMs: now - started,
      });
    }
  }

  if (!output) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(fileName)} is empty: a CSV file needs a header line naming its columns (${manifest.inputs.map((s) => s.name).join(', ')}) and at least one data row.`,
    );
  }
  if (tally.count === 0) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(fileName)} has a header but no data rows: there is nothing to score.`,
    );
  }
  const elapsedMs = performance.now() - started;
  onProgress?.({ rowsDone: tally.count, bytesRead: file.size, bytesTotal: file.size, elapsedMs });
  return {
    output: output.finish(),
    columns: output.columns,
    preview: output.preview,
    previewColumns: output.previewColumns,
    summary: { ...tally.summary(delimiter, elapsedMs), replacedColumns: replaced },
  };
}
