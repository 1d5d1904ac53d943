import Papa from 'papaparse';
import { ErrorCode, FormcastError } from '../errors';

/** Delimiters we look for, in papaparse's order of preference when several fit. */
const DELIMITERS = [',', ';', '\t'];

/**
 * Bytes read, decoded and parsed at a time (≈ 11k rows of the drug data). Small blocks let each
 * block's rows die young: with 2 MiB blocks the garbage collector cost a third more.
 */
export const CHUNK_BYTES = 256 * 1024;

/** Enough of the file's start to find the delimiter and line ending in. */
const SNIFF_CHARS = 64 * 1024;

/** Records parsed from one chunk of the file. */
export interface CsvBlock {
  /** The records, in file order; the very first record of the file is its header. */
  readonly records: string[][];
  /** Quoting problems papaparse reported, by index into `records`. */
  readonly problems: ReadonlyMap<number, string>;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  /** The field delimiter found at the start of the file. */
  readonly delimiter: string;
}

export interface ReadCsvOptions {
  /** The file's name, for messages. */
  readonly fileName?: string;
  /** Bytes per read; small values exercise chunk boundaries in tests. */
  readonly chunkBytes?: number;
}

interface ParserOutput {
  readonly data: string[][];
  readonly errors: readonly { readonly code: string; readonly row?: number }[];
  readonly meta: { readonly cursor: number };
}

/**
 * Streams a CSV file as blocks of records. The bytes are decoded by one streaming TextDecoder
 * (so a character split between two reads stays whole, and bytes that are not UTF-8 are an error
 * rather than silent U+FFFD), then parsed by papaparse's incremental parser, which carries the
 * partial last line of each chunk over to the next. papaparse's own File reader decodes each
 * slice separately and would do neither.
 */
export async function* readCsv(
  file: Blob,
  { fileName, chunkBytes = CHUNK_BYTES }: ReadCsvOptions = {},
): AsyncGenerator<CsvBlock, void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parser: Papa.Parser | undefined;
  let delimiter = ',';
  let pending = '';
  const read = (start: number) =>
    readSlice(file, start, Math.min(start + chunkBytes, file.size), fileName);
  let next = read(0);
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    const end = Math.min(offset + chunkBytes, file.size);
    const last = end === file.size;
    const bytes = new Uint8Array(await next);
    // Reading is a round trip to the browser process: ask for the next slice now, so it arrives
    // while this one is parsed and scored.
    if (!last) {
      next = read(end);
      next.catch(() => undefined); // seen when awaited; not unhandled if we stop before that
    }
    if (offset === 0) assertText(bytes, fileName);
    try {
      pending += decoder.decode(bytes, { stream: !last });
    } catch (error) {
      throw new FormcastError(
        ErrorCode.CsvInvalid,
        `${quoteName(fileName)} is not UTF-8 text: bytes ${offset.toLocaleString('en')}–${end.toLocaleString('en')} are not valid UTF-8. Save it as "CSV UTF-8" and try again.`,
        {},
        { cause: error },
      );
    }
    // Wait for a whole first line (and, after a \r, the next character, which tells CRLF from
    // CR) before guessing the delimiter and line ending from it.
    if (!parser && !last && !/\n|\r[^]/.test(pending) && pending.length < SNIFF_CHARS) continue;
    if (!parser) {
      const sniffed = Papa.parse<string[]>(pending.slice(0, SNIFF_CHARS), {
        preview: 10,
        delimitersToGuess: DELIMITERS,
        // Only for guessing: a trailing empty line would make every delimiter look inconsistent.
        skipEmptyLines: true,
      });
      delimiter = sniffed.meta.delimiter;
      const newline = sniffed.meta.linebreak as '\r\n' | '\n' | '\r';
      parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    }
    // Until the last chunk, papaparse leaves the possibly incomplete last line unparsed.
    const result = parser.parse(pending, 0, !last) as ParserOutput;
    pending = last ? '' : pending.slice(result.meta.cursor);
    const problems = new Map<number, string>();
    for (const error of result.errors) {
      if (error.row !== undefined) problems.set(error.row, quoteProblem(error.code));
    }
    yield { records: result.data, problems, bytesRead: end, delimiter };
  }
}

async function readSlice(
  file: Blob,
  start: number,
  end: number,
  fileName: string | undefined,
): Promise<ArrayBuffer> {
  try {
    return await file.slice(start, end).arrayBuffer();
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
function assertText(bytes: Uint8Array, fileName: string | undefined): void {
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

function quoteProblem(code: string): string {
  return code === 'MissingQuotes'
    ? 'a quoted field is never closed'
    : 'a quoted field has text after its closing quote';
}

/** `"name.csv"`, or "The file" for a nameless Blob. */
export function quoteName(fileName: string | undefined): string {
  return fileName ? `"${fileName}"` : 'The file';
}
