import type { HeaderMap } from './map-header';

/**
 * What CSV batch scoring sends between the worker and the page: types only, so the worker
 * protocol and the page can name them without pulling worker code into the page.
 */

/** Raw facts about a running batch; the page derives rates and estimates from them. */
export interface BatchProgress {
  /** Data rows fully handled (validated, scored or failed, written). */
  readonly rowsDone: number;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  /** Size of the file in bytes. */
  readonly bytesTotal: number;
  /** Time since scoring started, in milliseconds. */
  readonly elapsedMs: number;
}

/** Rows that failed for the same reason, e.g. every `Age: not a number`. */
export interface BatchErrorGroup {
  /** The kind of problem, without the row's value: `Age: not a number`. */
  readonly reason: string;
  /** How many rows have it (a row with two problems counts in two groups). */
  readonly count: number;
  /** The first occurrence's full message, e.g. `Age: "abc" is not a number`. */
  readonly example: string;
  /** 1-based data row (header excluded) of that first occurrence. */
  readonly firstRow: number;
}

export interface BatchSummary {
  /** Data rows in the file, scored or not; the output has exactly this many. */
  readonly rows: number;
  /** Rows that received a prediction. */
  readonly scored: number;
  /** Rows with an empty prediction and a message in the `error` column. */
  readonly failed: number;
  /**
   * Scored rows per predicted class, every class of the model listed (0 when none); empty for
   * a regression model.
   */
  readonly byClass: Readonly<Record<string, number>>;
  /** Regression: smallest, largest and mean predicted value of the scored rows. */
  readonly values?: { readonly min: number; readonly max: number; readonly mean: number };
  /** Problems that kept rows from being scored, most frequent first. */
  readonly errors: readonly BatchErrorGroup[];
  /** The field delimiter found in the file. */
  readonly delimiter: string;
  /**
   * Columns of the file named like the ones the output adds (`predicted_label`, `p_<class>`,
   * `error`…, from scoring it before): left out and written afresh. Empty for a fresh file.
   */
  readonly replacedColumns: readonly string[];
  /** Wall time of the whole batch inside the worker, in milliseconds. */
  readonly elapsedMs: number;
}

export interface BatchResult {
  /** The scored file: the input's columns, then predicted label, probabilities and error. */
  readonly output: Blob;
  /** Header of the output file. */
  readonly columns: readonly string[];
  /**
   * The first rows of the output, as the cells written to the file (before formula escaping),
   * for a page to show: at most 20 input columns each (then the prediction columns), a cell cut
   * to 200 characters. A 30 MB cell or 10,000 columns would otherwise freeze the page.
   */
  readonly preview: readonly (readonly string[])[];
  /** The header of `preview`'s rows: `columns`, or its first 20 input columns and the outputs. */
  readonly previewColumns: readonly string[];
  readonly summary: BatchSummary;
}

/** A part's counts as plain data (see BatchTally). */
export interface TallyState {
  readonly rows: number;
  readonly scored: number;
  /** Predicted classes in the order first seen, and their counts. */
  readonly labels: readonly string[];
  readonly counts: readonly number[];
  /** Regression: the running figures of the predicted values. */
  readonly values: { readonly min: number; readonly max: number; readonly sum: number } | null;
  /** Failures by reason, in the order first seen; `firstRow` is 1-based within the part. */
  readonly groups: readonly BatchErrorGroup[];
}

/**
 * How to read a file's rows, found once at its start by one worker (see inspectCsv) and handed to
 * every worker that scores a part of it.
 */
export interface CsvLayout {
  /** Names this batch, so a worker keeps what it learned (validated values) from part to part. */
  readonly batchId: string;
  /** The field delimiter found in the file. */
  readonly delimiter: string;
  /** Where the model's inputs are in the file's rows, and which columns the output keeps. */
  readonly header: HeaderMap;
  /** Byte offset of the first data row (after a BOM, blank lines and the header). */
  readonly dataStart: number;
  /** Header of the output file. */
  readonly columns: readonly string[];
  /** Header of the preview's rows (see BatchResult). */
  readonly previewColumns: readonly string[];
  /** The model's classes (the summary counts each), or null for a regression model. */
  readonly classes: readonly string[] | null;
  /** The output's header line, as written. */
  readonly headerLine: string;
  /** What a blank line between data rows becomes in the output: its line and its cells. */
  readonly blankRow: { readonly line: string; readonly cells: readonly string[] };
  /** Columns of the file named like the output's, replaced (see BatchSummary). */
  readonly replacedColumns: readonly string[];
}

/** Bytes of a file that hold whole rows: they start where a row starts and end where one ends. */
export interface CsvPart {
  /** The part's bytes are the first `length` bytes of this buffer. */
  readonly bytes: Uint8Array;
  readonly length: number;
  /** Where the part starts in the file. */
  readonly offset: number;
}

/** A part of a file, scored. */
export interface PartResult {
  /** The scored rows, as CSV lines (without the header). */
  readonly output: Blob;
  /** Blank lines at the part's end: rows only if data follows in a later part. */
  readonly trailingBlankLines: number;
  /** The part's first output rows, as the cells written. */
  readonly preview: readonly (readonly string[])[];
  readonly tally: TallyState;
}
