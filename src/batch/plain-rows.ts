import type { FormulaPolicy } from '../csv/write-csv';
import type { InputSpec } from '../manifest/manifest-types';
import { allocateColumns } from '../runtime/feeds';
import type { RunColumns } from '../runtime/run-rows';
import { yieldToEvents } from '../runtime/yield-to-events';
import type { BatchTally } from './batch-summary';
import type { HeaderMap } from './map-header';
import type { OutputBytes, ScoredOutput } from './scored-output';
import {
  EMPTY_ROW,
  type FieldChecker,
  fieldIssue,
  keepValid,
  type RowIssue,
  type RowsValidator,
} from './validate-columns';

/** Characters of text whose rows are validated and run together. */
const BLOCK_CHARS = 256 * 1024;
/** Digits a plain decimal may have to be read here: its integer then stays exact in a double. */
const MAX_DIGITS = 15;
const POWERS = Array.from({ length: MAX_DIGITS + 1 }, (_, i) => 10 ** i);

const LF = 10;
const CR = 13;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;

/** What scoring a part needs, shared by the plain and the general way through it. */
export interface PartContext {
  readonly specs: readonly InputSpec[];
  readonly header: Pick<HeaderMap, 'width' | 'inputColumns'>;
  readonly check: FieldChecker;
  /** The batch's validator for rows that leave the plain way. */
  readonly validate: RowsValidator;
  readonly formulas: FormulaPolicy;
  readonly output: ScoredOutput;
  readonly bytes: OutputBytes;
  readonly tally: BatchTally;
  readonly run: RunColumns;
  /** A blank line between data rows, as written. */
  readonly blankLine: string;
}

/**
 * Whether a part can take the plain way: ASCII text (so a character is a byte), `,` between
 * fields, no quote anywhere and every column kept. Most machine-written files are like this.
 */
export function isPlain(
  text: string,
  bytes: Uint8Array,
  delimiter: string,
  keep: unknown,
): boolean {
  return delimiter === ',' && keep === null && text.length === bytes.length && !text.includes('"');
}

/**
 * Scores the rows of plain text (see isPlain) without parsing them into arrays: one pass over each
 * line finds its fields, numbers are read from their characters and categories compared in place,
 * and the line goes to the output as the input's own bytes. That is what papaparse's fast path
 * (`split` on line breaks, then on commas) and the CSV writer give for such text, row for row; a
 * line that either would treat differently (another field count, a cell with spaces at its ends
 * or that a spreadsheet would read as a formula, a line of blanks and commas) is split and written
 * the general way. Rows end at LF, CR or CRLF, as everywhere. Returns the blank lines at the end,
 * which are rows only if data follows.
 */
export async function scorePlainRows(
  text: string,
  source: Uint8Array,
  context: PartContext,
): Promise<number> {
  const { specs, header, output, bytes, tally } = context;
  const width = header.width;
  const formulaCare = context.formulas === 'escape';
  const spellings = specs.map((spec) => (spec.type === 'category' ? spec.categories : []));
  // Where each field of the current line starts; one more slot for the line's end.
  const fieldStart = new Int32Array(width + 1);
  const hasCr = text.includes('\r');
  let nextLf = -1;
  let nextCr = hasCr ? -1 : Infinity;
  let blankLines = 0;
  let position = 0;

  while (position < text.length) {
    const blockEnd = position + BLOCK_CHARS;
    const starts: number[] = [];
    const ends: number[] = [];
    const blanksBefore: number[] = [];
    // Lines that leave the plain way, split: by their index in the block.
    const split = new Map<number, string[]>();
    const issues = new Map<number, RowIssue[]>();
    let rows = 0;
    const columns = allocateColumns(specs, 4096);
    let values = columns.values as (Float64Array | Int32Array)[];
    let slots = new Int32Array(4096);

    const fail = (row: number, issue: RowIssue) => {
      const list = issues.get(row);
      if (list) list.push(issue);
      else issues.set(row, [issue]);
      slots[row] = -1;
    };

    while (position < text.length && position < blockEnd) {
      // The line [start, end) and where the next one starts.
      if (nextLf < position) nextLf = text.indexOf('\n', position);
      if (nextLf === -1) nextLf = Infinity;
      if (nextCr < position) nextCr = text.indexOf('\r', position);
      if (nextCr === -1) nextCr = Infinity;
      const start = position;
      const end = Math.min(nextLf, nextCr, text.length);
      position =
        end === text.length
          ? end
          : text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF
            ? end + 2
            : end + 1;

      // One pass over the line: its fields, and anything the general way must see.
      let fields = 1;
      let care = false;
      let blank = true;
      fieldStart[0] = start;
      let fieldFirst = start;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          if (fields < width) fieldStart[fields] = i + 1;
          fields++;
          if (i > fieldFirst && isSpace(text.charCodeAt(i - 1))) care = true;
          fieldFirst = i + 1;
          continue;
        }
        if (!isSpace(c)) blank = false;
        if (i === fieldFirst) {
          if (isSpace(c)) care = true;
          else if (formulaCare && (c === 61 || c === 43 || c === 64))
            care = true; // = + @
          else if (formulaCare && c === MINUS && !signedNumber(text, i + 1)) care = true;
        }
      }
      if (end > fieldFirst && isSpace(text.charCodeAt(end - 1))) care = true;
      if (fields === 1 && blank) {
        blankLines++;
        continue;
      }
      fieldStart[Math.min(fields, width)] = end + 1;

      const row = rows++;
      if (row === slots.length) {
        const grown = allocateColumns(specs, slots.length * 2);
        grown.values.forEach((column, j) => column.set(values[j]!));
        values = grown.values as (Float64Array | Int32Array)[];
        const grownSlots = new Int32Array(slots.length * 2);
        grownSlots.set(slots);
        slots = grownSlots;
      }
      starts.push(start);
      ends.push(end);
      blanksBefore.push(blankLines);
      blankLines = 0;
      slots[row] = 0;

      if (care || blank || fields !== width) {
        // The general way: the row validator sees the split line as papaparse would give it.
        const cells = text.slice(start, end).split(',');
        split.set(row, cells);
        const checked = context.validate([cells], () => undefined);
        if (checked.slots[0] === -1) {
          for (const issue of checked.issues.get(0)!) fail(row, issue);
        } else {
          for (let j = 0; j < specs.length; j++) values[j]![row] = checked.columns.values[j]![0]!;
        }
        continue;
      }
      for (let j = 0; j < specs.length; j++) {
        const column = header.inputColumns[j]!;
        const from = fieldStart[column]!;
        const to = fieldStart[column + 1]! - 1;
        const spec = specs[j]!;
        let value = spec.type === 'number' ? plainNumber(text, from, to) : NaN;
        if (value !== value) {
          // Not found in place: the category's own spelling, else the form's rules on the text.
          const own = spellings[j]!;
          let index = -1;
          for (let k = 0; k < own.length; k++) {
            const spelling = own[k]!;
            if (spelling.length === to - from && text.startsWith(spelling, from)) {
              index = k;
              break;
            }
          }
          if (index !== -1) value = index;
          else {
            const checked = context.check(j, text.slice(from, to));
            if (typeof checked !== 'number') {
              fail(row, fieldIssue(spec, checked));
              continue;
            }
            value = checked;
          }
        }
        values[j]![row] = value;
      }
    }

    const valid = keepValid(
      { length: rows, values: values.map((column) => column.subarray(0, rows)) },
      slots.subarray(0, rows),
    );
    const { labels, scores, width: k } = await context.run(valid);
    for (let row = 0; row < rows; row++) {
      for (let blank = blanksBefore[row]!; blank > 0; blank--) {
        bytes.appendShort(context.blankLine);
        tally.failed([EMPTY_ROW]);
        output.previewFailed([''], EMPTY_ROW.message);
      }
      const slot = slots[row]!;
      const cells = split.get(row);
      const fields =
        cells ?? (output.preview.length < 20 ? lineFields(text, starts, ends, row) : []);
      let suffix: string;
      if (slot !== -1) {
        const label = labels ? labels[slot]! : null;
        suffix = output.suffix(label, scores, slot * k, k);
        output.previewScored(fields, label, scores, slot * k, k);
        if (label === null) tally.scoredValue(scores[slot]!);
        else tally.scored(label);
      } else {
        const problems = issues.get(row)!;
        const message = problems.map((issue) => issue.message).join('; ');
        suffix = output.failedSuffix(message);
        output.previewFailed(fields, message);
        tally.failed(problems);
      }
      if (cells) bytes.append(`${output.inputText(cells)},${suffix}`);
      else {
        bytes.appendLine(source, starts[row]!, ends[row]!);
        bytes.appendShort(suffix);
      }
    }
    // Between blocks, the worker answers the page's liveness pings (see client/worker-bridge).
    await yieldToEvents();
  }
  return blankLines;
}

function lineFields(text: string, starts: number[], ends: number[], row: number): string[] {
  return text.slice(starts[row]!, ends[row]!).split(',');
}

/** Space as JavaScript's `\s` sees it, in ASCII: what makes csvField quote a cell's end. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Whether the text from `at` to the field's end is the rest of a signed number csvField leaves as
 * it is (`-5`, `-0.25`, `-.5`, `-5.`): digits with at most one dot, at least one digit.
 */
function signedNumber(text: string, at: number): boolean {
  let digits = 0;
  let dots = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === DOT) dots++;
    else if (c === COMMA || c === LF || c === CR) break;
    else return false;
  }
  return digits > 0 && dots <= 1;
}

/**
 * The number a plain decimal (`-?digits[.digits]`, at most 15 digits) in text[from, to) stands
 * for, exactly as Number() reads it (an integer below 2^53 divided by a power of ten, both exact:
 * IEEE division rounds the quotient correctly); NaN for anything else, left to the form's rules.
 */
export function plainNumber(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let whole = 0;
  let digits = 0;
  let c = 0;
  for (; i < to; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
  }
  if (digits === 0) return NaN;
  let decimals = 0;
  if (i < to) {
    if (c !== DOT) return NaN;
    for (i++; i < to; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) return NaN;
      whole = whole * 10 + (c - 48);
      decimals++;
    }
    if (decimals === 0) return NaN;
  }
  if (digits + decimals > MAX_DIGITS) return NaN;
  const value = decimals === 0 ? whole : whole / POWERS[decimals]!;
  return negative ? -value : value;
}
