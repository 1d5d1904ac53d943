import { ErrorCode, FormcastError } from '../errors';
import type { FormulaPolicy } from '../csv/write-csv';
import { BatchTally } from './batch-summary';
import type {
  BatchProgress,
  BatchResult,
  CsvLayout,
  CsvPart,
  PartResult,
  TallyState,
} from './batch-types';
import { rowsEnd } from './row-ends';

/**
 * Bytes of the file per part (≈ 45,000 drug rows). Parts are dealt to whichever worker is free, so
 * a slow or late worker takes fewer; the last part decides how long the others wait at the end,
 * which small parts keep short. See docs/batch-scoring.md for the measurements behind it.
 */
export const PART_BYTES = 1024 * 1024;
/** Parts a worker holds at once: one being scored, one waiting, so it never waits for us. */
const PARTS_PER_WORKER = 2;
/** The first read, for the delimiter and the header; doubled while the header is longer. */
const HEAD_BYTES = 64 * 1024;
/** Reads grow to take in a row longer than a part, up to this. */
const MAX_READ_BYTES = 256 * 1024 * 1024;
/** Progress reports per second, at most: enough for a smooth bar, cheap to post. */
const PROGRESS_INTERVAL_MS = 100;

const EMPTY_ROW = { reason: 'row is empty', message: 'row is empty' };

/** The file being scored, and what every worker needs to know about it. */
export interface CsvSource {
  readonly file: Blob;
  /** The file's name, for messages. */
  readonly fileName?: string;
  /** Cells a spreadsheet would run as formulas: escaped (the default) or kept. */
  readonly formulas?: FormulaPolicy;
}

/** A part with whether it reaches the end of the file. */
export interface SourcePart extends CsvPart {
  readonly final: boolean;
}

/** What scores parts of a file: a worker through Comlink, or the scoring code in the same thread. */
export interface PartScorer {
  /**
   * Finds the delimiter, the header and where data starts in the file's first bytes; null when
   * the header does not end within them (then it is asked again with more).
   * @throws {FormcastError} CSV_INVALID for a file that cannot be scored at all.
   */
  inspectCsv(head: SourcePart, source: CsvSource): Promise<CsvLayout | null>;
  /** Scores a part that starts and ends at row boundaries. */
  scoreCsvPart(part: SourcePart, layout: CsvLayout, source: CsvSource): Promise<PartResult>;
}

/** One worker: resolves `ready` once it has loaded the model. */
export interface ScorerLane {
  readonly ready: Promise<unknown>;
  readonly scorer: PartScorer;
}

export interface ScoreInPartsOptions {
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Bytes per part; small values exercise part boundaries in tests. */
  readonly partBytes?: number;
}

interface Dealt {
  readonly part: SourcePart;
  readonly result: Promise<PartResult>;
  settled: boolean;
}

/**
 * Scores a CSV file in parts over several workers, each part a run of whole rows, and joins
 * their outputs in file order: one output row per input row, in order, as if one worker had read
 * the whole file. The file is split here, where it is read: a part ends at the last row end that
 * the bytes show (a line break before any quote), or, when a quote comes first, where the row
 * scan says the last complete row ends. Every worker then reads whole rows only, so a quoted line
 * break can never be cut, and parts are the same whatever the number of workers: one worker or
 * eight give the same bytes.
 * @throws {FormcastError} CSV_INVALID for a file that cannot be scored (the earliest problem in
 *   file order), or what a worker threw.
 */
export async function scoreInParts(
  source: CsvSource,
  lanes: readonly ScorerLane[],
  { onProgress, partBytes = PART_BYTES }: ScoreInPartsOptions = {},
): Promise<BatchResult> {
  const started = performance.now();
  const { file } = source;
  const size = file.size;
  const read = (start: number, end: number) => {
    const bytes = readSlice(source, start, end);
    bytes.catch(() => undefined); // seen when awaited; not unhandled if we stop before that
    return bytes;
  };

  // Whichever worker is ready first reads the header.
  let first: ScorerLane;
  try {
    first = await Promise.any(lanes.map((lane) => lane.ready.then(() => lane)));
  } catch (error) {
    throw (error as AggregateError).errors[0];
  }
  let layout: CsvLayout | null = null;
  for (let headBytes = HEAD_BYTES; !layout; headBytes *= 2) {
    const end = Math.min(size, headBytes);
    const bytes = await read(0, end);
    layout = await first.scorer.inspectCsv(
      { bytes, length: bytes.length, offset: 0, final: end === size },
      source,
    );
    if (!layout && end === size) throw new Error('inspectCsv asked for more of a whole file');
  }
  const found = layout;

  const ready = lanes.map(() => false);
  const load = lanes.map(() => 0);
  const dealt: Dealt[] = [];
  // Woken whenever a part settles or a worker becomes ready.
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  lanes.forEach((lane, i) =>
    lane.ready.then(
      () => {
        ready[i] = true;
        notify();
      },
      () => notify(),
    ),
  );
  let failed = false;

  const tally = new BatchTally(found.classes);
  const outputs: (Blob | string)[] = [found.headerLine];
  const preview: (readonly string[])[] = [];
  let blankCarry = 0;
  let merged = 0;
  let rowsDone = 0;
  let bytesDone = found.dataStart;
  let lastReport = Number.NEGATIVE_INFINITY;

  let position = found.dataStart;
  let readBytes = partBytes;
  let nextRead: Promise<Uint8Array> | undefined =
    position < size ? read(position, Math.min(size, position + readBytes)) : undefined;

  const freeLane = (): number => {
    let best = -1;
    for (let i = 0; i < lanes.length; i++) {
      if (!ready[i] || load[i]! >= PARTS_PER_WORKER) continue;
      if (best === -1 || load[i]! < load[best]!) best = i;
    }
    return best;
  };

  while (true) {
    // Deal while a worker has room and the file has bytes left.
    let lane: number;
    while (!failed && nextRead && (lane = freeLane()) !== -1) {
      const bytes = await nextRead;
      const end = position + bytes.length;
      const final = end === size;
      const cut = rowsEnd(bytes, bytes.length, final, found.delimiter);
      if (cut <= 0) {
        // No row ends in these bytes: a row longer than a part. Read more of it.
        if (readBytes >= MAX_READ_BYTES) throw rowTooLong(source, position);
        readBytes *= 2;
        nextRead = read(position, Math.min(size, position + readBytes));
        continue;
      }
      const part: SourcePart = {
        bytes,
        length: cut,
        offset: position,
        final: position + cut === size,
      };
      position += cut;
      readBytes = partBytes;
      nextRead = position < size ? read(position, Math.min(size, position + readBytes)) : undefined;
      const at = lane;
      load[at]!++;
      const entry: Dealt = {
        part,
        settled: false,
        result: lanes[at]!.scorer.scoreCsvPart(part, found, source),
      };
      entry.result.then(
        (result) => {
          load[at]!--;
          entry.settled = true;
          rowsDone += result.tally.rows;
          bytesDone += cut;
          notify();
        },
        () => {
          load[at]!--;
          entry.settled = true;
          failed = true;
          notify();
        },
      );
      dealt.push(entry);
    }
    // Join the parts that are done, in file order; a failed part throws here, and since parts
    // are joined in order, the earliest problem in the file is the one reported.
    while (merged < dealt.length && dealt[merged]!.settled) {
      const result = await dealt[merged]!.result;
      join(result);
      merged++;
    }
    if (merged === dealt.length && !nextRead) break;
    const now = performance.now();
    if (onProgress && now - lastReport >= PROGRESS_INTERVAL_MS && rowsDone > 0) {
      lastReport = now;
      onProgress({ rowsDone, bytesRead: bytesDone, bytesTotal: size, elapsedMs: now - started });
    }
    await changed;
  }

  function join(result: PartResult): void {
    if (result.tally.rows > 0) {
      for (; blankCarry > 0; blankCarry--) {
        outputs.push(found.blankRow.line);
        tally.merge(blankTally, tally.count);
        if (preview.length < PREVIEW_LIMIT) preview.push(found.blankRow.cells);
      }
      tally.merge(result.tally, tally.count);
      outputs.push(result.output);
      for (const row of result.preview) {
        if (preview.length >= PREVIEW_LIMIT) break;
        preview.push(row);
      }
    }
    blankCarry += result.trailingBlankLines;
  }

  if (tally.count === 0) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(source.fileName)} has a header but no data rows: there is nothing to score.`,
    );
  }
  const elapsedMs = performance.now() - started;
  onProgress?.({ rowsDone: tally.count, bytesRead: size, bytesTotal: size, elapsedMs });
  return {
    output: new Blob(outputs, { type: 'text/csv;charset=utf-8' }),
    columns: found.columns,
    preview,
    previewColumns: found.previewColumns,
    summary: {
      ...tally.summary(found.delimiter, elapsedMs),
      replacedColumns: found.replacedColumns,
    },
  };
}

const PREVIEW_LIMIT = 20;

const blankTally: TallyState = {
  rows: 1,
  scored: 0,
  labels: [],
  counts: [],
  values: null,
  groups: [{ reason: EMPTY_ROW.reason, count: 1, example: EMPTY_ROW.message, firstRow: 1 }],
};

async function readSlice(source: CsvSource, start: number, end: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await source.file.slice(start, end).arrayBuffer());
  } catch (error) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(source.fileName)} could not be read (was it moved or changed?). Choose it again.`,
      {},
      { cause: error },
    );
  }
}

function rowTooLong(source: CsvSource, offset: number): FormcastError {
  return new FormcastError(
    ErrorCode.CsvInvalid,
    `${quoteName(source.fileName)} has a row longer than ${MAX_READ_BYTES / 2 ** 20} MiB, starting at byte ${offset.toLocaleString('en')}: it cannot be scored in the browser.`,
  );
}

/** `"name.csv"`, or "The file" for a nameless Blob. */
function quoteName(fileName: string | undefined): string {
  return fileName ? `"${fileName}"` : 'The file';
}
