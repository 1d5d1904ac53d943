import Papa from 'papaparse';
import { QuotedScan, type Segment } from './row-scan';

/** Records parsed from some text, and the rows among them whose quoting is broken. */
export interface SplitRecords {
  readonly records: string[][];
  /** Quoting problems, by index into `records`. */
  readonly problems: Map<number, string>;
  /** The text after the last complete row: carried over to the next piece of the file. */
  readonly rest: string;
}

export { NEVER_CLOSED, TEXT_AFTER_QUOTE } from './row-scan';

/** A CR that is not the start of a CRLF, or an LF that is not its end. */
const BARE_BREAK = /\r(?!\n)|(?<!\r)\n/;

const LF = 10;
const CR = 13;

interface ParserOutput {
  readonly data: string[][];
}

/**
 * Splits CSV text into records with papaparse, a row at a time wherever a row ends: at LF, CR
 * or CRLF outside quoted fields, whatever the first line used. papaparse takes a single line
 * ending per parser, so a file mixing them lost rows (6 rows in, 4 out), and its recovery from a
 * bad quote (`"x"y`) runs on into the next rows. So this scans the text first, the way papaparse
 * reads it (a field is quoted when it starts with `"`; `""` inside is a quote; spaces may follow
 * the closing quote), finds where each row ends and whether its quoting holds, and hands
 * papaparse only well-formed rows ending in one kind of line break. A row with broken quoting
 * is parsed on its own and ends at the first line break after its bad field's opening quote,
 * so it never takes the next rows with it.
 *
 * The common files pay almost nothing: text without quotes is only searched for CRs (and, when
 * there are some, has them turned into LFs by one native replace) before papaparse's fast path.
 */
export class RowSplitter {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly parser: Papa.Parser;
  private readonly crlfParser: Papa.Parser;

  constructor(delimiter: string) {
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
    this.crlfParser = new Papa.Parser({ delimiter, newline: '\r\n', quoteChar: '"' });
  }

  /**
   * The complete rows of `text`; with `final` false, the row that may continue in the next piece
   * of the file (and a CR that may be the first half of a CRLF) is left in `rest`.
   */
  split(text: string, final: boolean): SplitRecords {
    if (text.indexOf('"') === -1) return this.splitUnquoted(text, final);
    return new QuotedScan(text, final, this.delimiterCode).run((good, bad) =>
      this.collect(good, bad),
    );
  }

  private splitUnquoted(text: string, final: boolean): SplitRecords {
    let end = text.length;
    if (!final) {
      // A trailing CR may be half of a CRLF: decide with the next piece.
      const scanTo = text.charCodeAt(end - 1) === CR ? end - 1 : end;
      end =
        scanTo === 0
          ? 0
          : Math.max(text.lastIndexOf('\n', scanTo - 1), text.lastIndexOf('\r', scanTo - 1)) + 1;
    }
    const complete = text.slice(0, end);
    const rest = text.slice(end);
    if (complete.indexOf('\r') === -1) {
      return { records: this.parse(complete), problems: new Map(), rest };
    }
    // CRLF throughout (files from Windows) goes to papaparse as it is: making a copy with LFs
    // cost a quarter more time on such files.
    if (!BARE_BREAK.test(complete) && complete.endsWith('\r\n')) {
      const data = (this.crlfParser.parse(complete, 0, true) as ParserOutput).data;
      return { records: data, problems: new Map(), rest };
    }
    return {
      records: this.parse(complete.replace(/\r\n?/g, '\n')),
      problems: new Map(),
      rest,
    };
  }

  /** Records of well-formed rows, each ending in LF (the last one may lack it). */
  private parse(rows: string): string[][] {
    if (rows === '') return [];
    const terminated = rows.charCodeAt(rows.length - 1) === LF ? rows : `${rows}\n`;
    // ignoreLastRow: the text after the last LF is empty, not a row.
    return (this.parser.parse(terminated, 0, true) as ParserOutput).data;
  }

  private collect(segments: readonly Segment[], rest: string): SplitRecords {
    const records: string[][] = [];
    const problems = new Map<number, string>();
    for (const segment of segments) {
      if (segment.problem === undefined) {
        for (const record of this.parse(segment.text)) records.push(record);
        continue;
      }
      // Alone, papaparse's recovery cannot reach another row; its fields are what it makes of
      // the row (values kept, in the output, with the problem in the error column).
      const parsed = (this.parser.parse(segment.text, 0, false) as ParserOutput).data;
      problems.set(records.length, segment.problem);
      records.push(parsed.length <= 1 ? (parsed[0] ?? ['']) : parsed.flat());
    }
    return { records, problems, rest };
  }

  /** The delimiter this splitter reads fields with. */
  get fieldDelimiter(): string {
    return this.delimiter;
  }
}
