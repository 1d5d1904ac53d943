import Papa from 'papaparse';
import { ErrorCode, FormcastError } from '../errors';
import { quoteValue } from '../inputs/quote-value';
import { RowSplitter } from './split-rows';
import { firstInvalidUtf8 } from './utf8-error';

/** Delimiters we look for, in papaparse's order of preference when several fit. */
const DELIMITERS = [',', ';', '\t'];

/**
 * Bytes read, decoded and parsed at a time (≈ 11k rows of the drug data). Small blocks let each
 * block's rows die young: with 2 MiB blocks the garbage collector cost a third more.
 */
export const CHUNK_BYTES = 256 * 1024;

/** Enough of the file's start to find the delimiter in. */
const SNIFF_CHARS = 64 * 1024;

/** The largest read when reads grow to take in a very long row. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

/** Records parsed from one chunk of the file. */
export interface CsvBlock {
  /** The records, in file order; the very first record of the file is its header. */
  readonly records: string[][];
  /** Quoting problems papaparse reported, by index into `records`. */
  readonly problems: ReadonlyMap<number, string>;
  /** Bytes of the source read so far. */
  readonly bytesRead: number;
  /** The field delimiter found at the start of the file. */
  readonly delimiter: string;
  /**
   * The records came from `,`-separated text without a quote: no field holds a comma, a quote
   * or a line break, so a writer may join them as they are (see ScoredOutput).
   */
  readonly plain: boolean;
}

export interface ReadCsvOptions {
  /** The file's name, for messages. */
  readonly fileName?: string;
  /** Bytes per read; small values exercise chunk boundaries in tests. */
  readonly chunkBytes?: number;
  /**
   * The file's delimiter, when the source is a part of a file whose start was read already (see
   * score-in-parts): nothing is guessed, and the source starts at a row, not at the file's start
   * (no byte-order mark, no check for binary content).
   */
  readonly delimiter?: string;
  /** Where the source lies in the file it comes from, to name a bad byte's place in that file. */
  readonly origin?: { readonly file: Blob; readonly offset: number };
}

/**
 * Streams a CSV file as blocks of records. The bytes are decoded by one streaming TextDecoder
 * (so a character split between two reads stays whole, and bytes that are not UTF-8 are an error
 * rather than silent U+FFFD), then split into rows and parsed by RowSplitter (papaparse, a row
 * ending wherever LF, CR or CRLF ends it), which carries the partial last row of each read over
 * to the next. papaparse's own File reader decodes each slice separately and would do neither.
 */
export async function* readCsv(
  source: Blob | Uint8Array,
  { fileName, chunkBytes = CHUNK_BYTES, ...options }: ReadCsvOptions = {},
): AsyncGenerator<CsvBlock, void> {
  const part = options.delimiter !== undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: part });
  let splitter = part ? new RowSplitter(options.delimiter!) : undefined;
  let delimiter = options.delimiter ?? ',';
  const origin = options.origin ?? { file: source instanceof Blob ? source : undefined, offset: 0 };
  const size = source instanceof Uint8Array ? source.length : source.size;
  let pending = '';
  // A row longer than a read (a 30 MB quoted field) is scanned again with each read that
  // extends it: reads grow with it, so the rescans add up to a few times its length.
  let readBytes = chunkBytes;
  const read = (start: number) =>
    readSlice(source, start, Math.min(start + readBytes, size), fileName);
  let next = read(0);
  for (let offset = 0; offset < size;) {
    const bytes = await next;
    const end = offset + bytes.length;
    const last = end >= size;
    // Reading is a round trip to the browser process: ask for the next slice now, so it arrives
    // while this one is parsed and scored.
    if (!last) {
      next = read(end);
      next.catch(() => undefined); // seen when awaited; not unhandled if we stop before that
    }
    if (offset === 0 && !part) assertText(bytes, fileName);
    try {
      pending += decoder.decode(bytes, { stream: !last });
    } catch (error) {
      if (!origin.file) throw error;
      throw await notUtf8(
        origin.file,
        origin.offset + offset,
        origin.offset + end,
        fileName,
        error,
      );
    }
    offset = end;
    // Wait for a whole first line (and, after a \r, the next character, which tells CRLF from
    // CR) before guessing the delimiter from it.
    if (!splitter && !last && !/\n|\r[^]/.test(pending) && pending.length < SNIFF_CHARS) continue;
    if (!splitter) {
      delimiter = sniffDelimiter(pending.slice(0, SNIFF_CHARS));
      splitter = new RowSplitter(delimiter);
    }
    const plain = delimiter === ',' && pending.indexOf('"') === -1;
    const { records, problems, rest } = splitter.split(pending, last);
    pending = rest;
    readBytes =
      pending.length > chunkBytes / 2 ? Math.min(readBytes * 2, MAX_READ_BYTES) : chunkBytes;
    yield { records, problems, bytesRead: end, delimiter, plain };
  }
}

/** The delimiter of the file's first lines, as papaparse guesses it. */
export function sniffDelimiter(text: string): string {
  // Line endings made uniform for the guess: papaparse guesses with one kind of line break.
  const sniffed = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), {
    preview: 10,
    newline: '\n',
    delimitersToGuess: DELIMITERS,
    // Only for guessing: a trailing empty line would make every delimiter look inconsistent.
    skipEmptyLines: true,
  });
  return sniffed.meta.delimiter;
}

/**
 * CSV_INVALID for bytes that are not UTF-8, naming the first bad byte, its line and the text
 * before it: "bytes 0–93" (the whole read) did not help anyone find a Latin-1 "ë".
 */
export async function notUtf8(
  file: Blob,
  offset: number,
  end: number,
  fileName: string | undefined,
  cause: unknown,
): Promise<FormcastError> {
  // The decoder may have held back the start of a character from the previous read: begin up
  // to 3 bytes earlier, at a byte that starts a character.
  const from = Math.max(0, offset - 3);
  const bytes = new Uint8Array(await file.slice(from, end).arrayBuffer());
  let i = 0;
  while (i < offset - from && bytes[i]! >= 0x80 && bytes[i]! <= 0xbf) i++;
  // -1 cannot happen when the decoder refused these bytes; the read's start is a fallback.
  const bad = firstInvalidUtf8(bytes, i, end >= file.size);
  const at = bad === -1 ? Math.min(offset - from, bytes.length - 1) : bad;
  const where = from + at;
  // Its line and the text just before it, from the bytes before it (all valid UTF-8), read
  // again in slices: the failure may be far into a large file.
  let line = 1;
  let lineStart = 0;
  let previous = 0;
  for (let sliceStart = 0; sliceStart < where; sliceStart += CHUNK_BYTES * 16) {
    const sliceEnd = Math.min(where, sliceStart + CHUNK_BYTES * 16);
    const part = new Uint8Array(await file.slice(sliceStart, sliceEnd).arrayBuffer());
    for (let k = 0; k < part.length; k++) {
      const b = part[k]!;
      // A line ends at LF, at CR not followed by LF, so CRLF counts once.
      if (b === 0x0a || (previous === 0x0d && b !== 0x0a)) line++;
      if (b === 0x0a || b === 0x0d) lineStart = sliceStart + k + 1;
      previous = b;
    }
  }
  if (previous === 0x0d) line++;
  const tail = new Uint8Array(
    await file.slice(Math.max(lineStart, where - 60), where).arrayBuffer(),
  );
  const context = new TextDecoder().decode(tail);
  const shown = context.length > 20 ? context.slice(-20) : context;
  const hex = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
  return new FormcastError(
    ErrorCode.CsvInvalid,
    `${quoteName(fileName)} is not UTF-8 text: byte ${where.toLocaleString('en')} (${hex}) on line ${line.toLocaleString('en')}${shown ? `, after ${quoteValue(shown)}` : ''}, is not valid UTF-8. It may have been saved as Latin-1 or Windows-1252: save it as "CSV UTF-8" and try again.`,
    {},
    { cause },
  );
}

/** Bytes [start, end) of a file (a round trip to the browser) or of bytes in memory (a view). */
export async function readSlice(
  source: Blob | Uint8Array,
  start: number,
  end: number,
  fileName: string | undefined,
): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source.subarray(start, end);
  try {
    return new Uint8Array(await source.slice(start, end).arrayBuffer());
  } catch (error) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(fileName)} could not be read (was it moved or changed?). Choose it again.`,
      {},
      { cause: error },
    );
  }
}

/** Refuses files that are obviously not UTF-8 text, judging from their first chunk. */
export function assertText(bytes: Uint8Array, fileName: string | undefined): void {
  const bom16 =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (bom16) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(fileName)} is UTF-16 text; save it as "CSV UTF-8" and try again.`,
    );
  }
  // Text files never hold NUL bytes; images, spreadsheets (.xlsx) and archives always do.
  if (bytes.includes(0)) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(fileName)} is not a CSV file: it contains binary data. Export the data as CSV (UTF-8) and try again.`,
    );
  }
}

/** `"name.csv"`, or "The file" for a nameless Blob. */
export function quoteName(fileName: string | undefined): string {
  return fileName ? `"${fileName}"` : 'The file';
}
