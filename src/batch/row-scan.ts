/**
 * Where CSV rows end in text, the way papaparse reads them: a field is quoted when it starts with
 * `"`, `""` inside is a quote, spaces may follow the closing quote, and a row ends at LF, CR or
 * CRLF outside quoted fields. No papaparse here: the page uses this scan to split a file between
 * workers (see score-in-parts), and RowSplitter uses it in front of papaparse.
 */

export const NEVER_CLOSED = 'a quoted field is never closed';
export const TEXT_AFTER_QUOTE = 'a quoted field has text after its closing quote';

const QUOTE = 34; // "
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Consecutive well-formed rows ending in LF, or one row with broken quoting and its problem. */
export interface Segment {
  readonly text: string;
  readonly problem?: string;
}

/** Where a row ends, or that it may not have ended yet. */
export type RowEnd =
  { readonly contentEnd: number; readonly end: number; readonly problem?: string } | 'incomplete';

/** One pass over text that holds quotes, row by row, jumping between quotes and line breaks. */
export class QuotedScan {
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

  /** Where the row starting at `rowStart` ends, and whether its quoting holds. */
  rowEnd(rowStart: number): RowEnd {
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

/**
 * Where the complete rows of `text` end (it starts at a row start): its length when `final`,
 * else the end of the last row that cannot continue in the text that follows, or 0.
 */
export function completeRowsEnd(text: string, final: boolean, delimiter: string): number {
  const scan = new QuotedScan(text, final, delimiter.charCodeAt(0));
  let pos = 0;
  while (pos < text.length) {
    const row = scan.rowEnd(pos);
    if (row === 'incomplete') break;
    pos = row.end;
  }
  return pos;
}
