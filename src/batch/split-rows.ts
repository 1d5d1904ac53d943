import Papa from 'papaparse';

/** Records parsed from some text, and the rows among them whose quoting is broken. */
export interface SplitRecords {
  readonly records: string[][];
  /** Quoting problems, by index into `records`. */
  readonly problems: Map<number, string>;
  /** The text after the last complete row: carried over to the next piece of the file. */
  readonly rest: string;
}

export const NEVER_CLOSED = 'a quoted field is never closed';
export const TEXT_AFTER_QUOTE = 'a quoted field has text after its closing quote';

/** A CR that is not the start of a CRLF, or an LF that is not its end. */
const BARE_BREAK = /\r(?!\n)|(?<!\r)\n/;

const QUOTE = 34; // "
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

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

/** Consecutive well-formed rows ending in LF, or one row with broken quoting and its problem. */
interface Segment {
  readonly text: string;
  readonly problem?: string;
}

/** Where a row ends, or that it may not have ended yet. */
type RowEnd =
  { readonly contentEnd: number; readonly end: number; readonly problem?: string } | 'incomplete';

/** One pass over text that holds quotes, row by row, jumping between quotes and line breaks. */
class QuotedScan {
  private readonly text: string;
  private readonly final: boolean;
  private readonly delimiter: number;
  // Positions of the next LF, CR and quote found so far (-1: none left; -2: not looked yet).
  // Rows are scanned forward only, so each search resumes where the last one stopped.
  private nextLf = -2;
  private nextCr = -2;
  private nextQuote = -2;

  constructor(text: string, final: boolean, delimiter: number) {
    this.text = text;
    this.final = final;
    this.delimiter = delimiter;
  }

  run<T>(collect: (segments: Segment[], rest: string) => T): T {
    const { text } = this;
    const segments: Segment[] = [];
    // Well-formed rows since the last bad one: slices of the text, with CR and CRLF row ends
    // turned into LF (line breaks inside quoted fields are data and stay as they are).
    let pieces: string[] = [];
    let from = 0;
    let pos = 0;
    const flushGood = (until: number) => {
      if (until > from) pieces.push(text.slice(from, until));
      if (pieces.length > 0) segments.push({ text: pieces.join('') });
      pieces = [];
    };
    // Rows without a quote need no scan: every line break in them ends a row.
    const skipTo = (until: number) => {
      const stretch = text.slice(pos, until);
      if (stretch.indexOf('\r') !== -1) {
        pieces.push(text.slice(from, pos), stretch.replace(/\r\n?/g, '\n'));
        from = until;
      }
      pos = until;
    };
    while (pos < text.length) {
      const quote = this.quoteFrom(pos);
      if (quote === -1) {
        skipTo(this.lastRowEnd(pos));
        break;
      }
      const lineStart = this.rowStartBefore(quote, pos);
      if (lineStart > pos) skipTo(lineStart);
      const row = this.rowEnd(pos);
      if (row === 'incomplete') break;
      if (row.problem !== undefined) {
        flushGood(pos);
        segments.push({ text: text.slice(pos, row.contentEnd), problem: row.problem });
        from = row.end;
      } else if (row.end - row.contentEnd !== 1 || text.charCodeAt(row.contentEnd) !== LF) {
        pieces.push(text.slice(from, row.contentEnd), '\n');
        from = row.end;
      }
      pos = row.end;
    }
    flushGood(pos);
    return collect(segments, text.slice(pos));
  }

  /**
   * Where the complete rows of quote-free text from `pos` end: the end of the text when it is
   * the file's last, else after its last line break (not after a CR that ends it: it may be the
   * first half of a CRLF).
   */
  private lastRowEnd(pos: number): number {
    const { text } = this;
    if (this.final) return text.length;
    const scanTo = text.charCodeAt(text.length - 1) === CR ? text.length - 1 : text.length;
    return scanTo <= pos ? pos : this.rowStartBefore(scanTo, pos);
  }

  private lfFrom(from: number): number {
    if (this.nextLf !== -1 && this.nextLf < from) this.nextLf = this.text.indexOf('\n', from);
    return this.nextLf;
  }

  private crFrom(from: number): number {
    if (this.nextCr !== -1 && this.nextCr < from) this.nextCr = this.text.indexOf('\r', from);
    return this.nextCr;
  }

  /** The first CR or LF at or after `from`, or -1. */
  private nextBreak(from: number): number {
    const lf = this.lfFrom(from);
    const cr = this.crFrom(from);
    if (lf === -1) return cr;
    if (cr === -1) return lf;
    return Math.min(lf, cr);
  }

  /**
   * The start of the line holding `at`, not before `pos` (a row start). Searched backwards only
   * when a line break lies between: a search for a CR in a file without one would otherwise run
   * back to the start of the text, once per quote.
   */
  private rowStartBefore(at: number, pos: number): number {
    const { text } = this;
    const lf = this.lfFrom(pos);
    const cr = this.crFrom(pos);
    const lastLf = lf !== -1 && lf < at ? text.lastIndexOf('\n', at - 1) : -1;
    const lastCr = cr !== -1 && cr < at ? text.lastIndexOf('\r', at - 1) : -1;
    return Math.max(pos, lastLf + 1, lastCr + 1);
  }

  /** The first quote at or after `from`, or -1. */
  private quoteFrom(from: number): number {
    if (this.nextQuote !== -1 && this.nextQuote < from)
      this.nextQuote = this.text.indexOf('"', from);
    return this.nextQuote;
  }

  /** The row end at line break `at`: LF, CR or CRLF (undecided while a CR ends the text). */
  private breakAt(at: number, contentEnd = at): RowEnd {
    const { text } = this;
    if (text.charCodeAt(at) === LF) return { contentEnd, end: at + 1 };
    if (at + 1 === text.length && !this.final) return 'incomplete';
    return { contentEnd, end: text.charCodeAt(at + 1) === LF ? at + 2 : at + 1 };
  }

  /** A row with broken quoting ends at the first line break after the bad field's opening quote. */
  private broken(quote: number, problem: string): RowEnd {
    const at = this.nextBreak(quote);
    if (at === -1) {
      return this.final
        ? { contentEnd: this.text.length, end: this.text.length, problem }
        : 'incomplete';
    }
    const end = this.breakAt(at);
    return end === 'incomplete' ? end : { ...end, problem };
  }

  private rowEnd(rowStart: number): RowEnd {
    const { text, delimiter } = this;
    const length = text.length;
    let field = rowStart;
    for (;;) {
      if (text.charCodeAt(field) === QUOTE) {
        // A quoted field: find its closing quote, skipping doubled ones.
        let close = field + 1;
        for (;;) {
          close = text.indexOf('"', close);
          if (close === -1) return this.final ? this.broken(field, NEVER_CLOSED) : 'incomplete';
          if (text.charCodeAt(close + 1) !== QUOTE) break;
          close += 2;
        }
        let after = close + 1;
        while (after < length) {
          const c = text.charCodeAt(after);
          // Spaces between a closing quote and the delimiter are allowed, as papaparse allows
          // them; a tab is one of them unless it is the delimiter.
          if (c === delimiter || (c !== SPACE && c !== TAB)) break;
          after++;
        }
        if (after === length) {
          // Another piece of the file may still bring a quote (a doubled one) or text.
          return this.final ? { contentEnd: length, end: length } : 'incomplete';
        }
        const next = text.charCodeAt(after);
        if (next === delimiter) {
          field = after + 1;
          continue;
        }
        if (next === LF || next === CR) return this.breakAt(after);
        return this.broken(field, TEXT_AFTER_QUOTE);
      }
      // An unquoted field (a quote inside it is text): the row ends at the next line break,
      // unless a later field starts with a quote before it.
      const lineBreak = this.nextBreak(field);
      let quote = this.quoteFrom(field);
      while (quote !== -1 && (lineBreak === -1 || quote < lineBreak)) {
        if (text.charCodeAt(quote - 1) === delimiter) break;
        quote = this.quoteFrom(quote + 1);
      }
      if (quote !== -1 && (lineBreak === -1 || quote < lineBreak)) {
        field = quote;
        continue;
      }
      if (lineBreak === -1) return this.final ? { contentEnd: length, end: length } : 'incomplete';
      return this.breakAt(lineBreak);
    }
  }
}
