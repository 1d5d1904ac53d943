import type { FormulaPolicy } from '../csv/write-csv';
import type { InputSpec } from '../manifest/manifest-types';
import type { InputColumns } from '../runtime/feeds';
import type { RunColumns, RunOutput } from '../runtime/run-rows';
import { yieldToEvents } from '../runtime/yield-to-events';
import type { BatchTally } from './batch-summary';
import type { HeaderMap } from './map-header';
import { type OutputBytes, PREVIEW_ROWS, type ScoredOutput } from './scored-output';
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
  const scanner = new PlainScanner(text, source, context);
  while (!scanner.done) {
    scanner.scan();
    scanner.write(await context.run(scanner.rows.valid()));
    // Between blocks, the worker answers the page's liveness pings (see client/worker-bridge).
    await yieldToEvents();
  }
  return scanner.blankLines;
}

/**
 * The plain way's state over one part: where it is in the text, the block of rows read, and the
 * blank lines not yet written. Its loops are plain synchronous methods, which V8 optimises best.
 */
class PlainScanner {
  readonly rows: RowTable;
  /** Blank lines read since the last data row: rows only if data follows. */
  blankLines = 0;
  private readonly text: string;
  private readonly source: Uint8Array;
  private readonly context: PartContext;
  private readonly width: number;
  private readonly formulaCare: boolean;
  private readonly kinds: Uint8Array;
  private readonly columns: Int32Array;
  /** Each category input's spellings as character codes, by input index. */
  private readonly spellings: (readonly Uint16Array[])[];
  /** Where each field of the current line starts; one more slot for the line's end. */
  private readonly fieldStart: Int32Array;
  private position = 0;
  private nextLf = -1;
  private nextCr = -1;
  /** Lines that left the plain way, split, and failed rows' problems: by row in the block. */
  private split = new Map<number, string[]>();
  private issues = new Map<number, RowIssue[]>();

  constructor(text: string, source: Uint8Array, context: PartContext) {
    this.text = text;
    this.source = source;
    this.context = context;
    this.width = context.header.width;
    this.formulaCare = context.formulas === 'escape';
    this.kinds = Uint8Array.from(context.specs, (spec) => (spec.type === 'number' ? 0 : 1));
    this.columns = Int32Array.from(context.header.inputColumns);
    this.spellings = context.specs.map((spec) =>
      spec.type === 'category'
        ? spec.categories.map((c) => Uint16Array.from(c, (ch) => ch.charCodeAt(0)))
        : [],
    );
    this.fieldStart = new Int32Array(this.width + 1);
    this.rows = new RowTable(context.specs);
    // No CR at all, the usual case: never looked for again.
    if (!text.includes('\r')) this.nextCr = text.length;
  }

  get done(): boolean {
    return this.position >= this.text.length;
  }

  /** Reads the next block of lines: their places, fields and values, or the general way. */
  scan(): void {
    const { text, rows, fieldStart, width, formulaCare } = this;
    const length = text.length;
    const blockEnd = this.position + BLOCK_CHARS;
    rows.clear();
    this.split = new Map();
    this.issues = new Map();
    let position = this.position;
    while (position < length && position < blockEnd) {
      // The line [start, end) and where the next one starts.
      if (this.nextLf < position) {
        const lf = text.indexOf('\n', position);
        this.nextLf = lf === -1 ? length : lf;
      }
      if (this.nextCr < position) {
        const cr = text.indexOf('\r', position);
        this.nextCr = cr === -1 ? length : cr;
      }
      const start = position;
      const end = this.nextLf < this.nextCr ? this.nextLf : this.nextCr;
      position =
        end === length
          ? end
          : text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF
            ? end + 2
            : end + 1;

      // The line's fields, and anything csvField would change in them: a space at a field's
      // start or end, or (escaping formulas) a first character = + @, or - not starting a number.
      let fields = 0;
      let care = false;
      let from = start;
      for (;;) {
        if (fields < width) fieldStart[fields] = from;
        fields++;
        let to = text.indexOf(',', from);
        if (to === -1 || to > end) to = end;
        if (to > from) {
          const first = text.charCodeAt(from);
          if (first <= 32) care = true;
          else if (formulaCare && (first === 61 || first === 43 || first === 64)) care = true;
          else if (formulaCare && first === MINUS && !signedNumber(text, from + 1, to)) care = true;
          if (text.charCodeAt(to - 1) <= 32) care = true;
        }
        if (to === end) break;
        from = to + 1;
      }
      if (fields === 1 && (start === end || text.slice(start, end).trim() === '')) {
        this.blankLines++;
        continue;
      }
      fieldStart[fields < width ? fields : width] = end + 1;
      const row = rows.add(start, end, this.blankLines);
      this.blankLines = 0;
      // Blanks and commas only (every field empty: a row with a space in one is `care`).
      const blank = end - start === fields - 1;
      if (care || blank || fields !== width) this.general(row, start, end);
      else this.values(row);
    }
    this.position = position;
  }

  /** Writes the block's lines, each with its prediction cells or its problems. */
  write({ labels, scores, width: k }: RunOutput): void {
    const { rows, text, source, split, issues } = this;
    const { output, bytes, tally, blankLine } = this.context;
    const count = rows.length;
    for (let row = 0; row < count; row++) {
      for (let blank = rows.blanksBefore[row]!; blank > 0; blank--) {
        bytes.appendShort(blankLine);
        tally.failed([EMPTY_ROW]);
        output.previewFailed([''], EMPTY_ROW.message);
      }
      const slot = rows.slots[row]!;
      const cells = split.size > 0 ? split.get(row) : undefined;
      const start = rows.starts[row]!;
      const end = rows.ends[row]!;
      const fields =
        cells ?? (output.preview.length < PREVIEW_ROWS ? text.slice(start, end).split(',') : []);
      // The line's input fields as they came (or as read, when split), then its prediction
      // cells or its problems.
      if (cells) bytes.append(`${output.inputText(cells)},`);
      else bytes.appendLine(source, start, end);
      if (slot !== -1) {
        const label = labels ? labels[slot]! : null;
        output.appendSuffix(bytes, label, scores, slot * k, k);
        output.previewScored(fields, label, scores, slot * k, k);
        if (label === null) tally.scoredValue(scores[slot]!);
        else tally.scored(label);
      } else {
        const problems = issues.get(row)!;
        const message = problems.map((issue) => issue.message).join('; ');
        bytes.appendShort(output.failedSuffix(message));
        output.previewFailed(fields, message);
        tally.failed(problems);
      }
    }
  }

  /** A line's input values, read in place: numbers from their digits, categories compared. */
  private values(row: number): void {
    const { text, fieldStart, kinds, columns, rows, spellings } = this;
    for (let j = 0; j < kinds.length; j++) {
      const column = columns[j]!;
      const from = fieldStart[column]!;
      const to = fieldStart[column + 1]! - 1;
      if (kinds[j] === 0) {
        const value = plainNumber(text, from, to);
        if (value === value) {
          rows.numbers[j]![row] = value;
          continue;
        }
      } else {
        const index = spellingAt(text, from, to, spellings[j]!);
        if (index !== -1) {
          rows.categories[j]![row] = index;
          continue;
        }
      }
      // Anything else: the form's rules on the text.
      const checked = this.context.check(j, text.slice(from, to));
      if (typeof checked === 'number') rows.set(j, row, checked);
      else this.fail(row, fieldIssue(this.context.specs[j]!, checked));
    }
  }

  /** A line that leaves the plain way: the row validator sees it split as papaparse splits it. */
  private general(row: number, start: number, end: number): void {
    const cells = this.text.slice(start, end).split(',');
    this.split.set(row, cells);
    const checked = this.context.validate([cells], () => undefined);
    if (checked.slots[0] === -1) {
      for (const issue of checked.issues.get(0)!) this.fail(row, issue);
    } else {
      for (let j = 0; j < this.kinds.length; j++) {
        this.rows.set(j, row, checked.columns.values[j]![0]!);
      }
    }
  }

  private fail(row: number, issue: RowIssue): void {
    const list = this.issues.get(row);
    if (list) list.push(issue);
    else this.issues.set(row, [issue]);
    this.rows.slots[row] = -1;
  }
}

/** The index of the spelling text[from, to) is, compared character by character, or -1. */
function spellingAt(text: string, from: number, to: number, spellings: readonly Uint16Array[]) {
  const length = to - from;
  for (let k = 0; k < spellings.length; k++) {
    const spelling = spellings[k]!;
    if (spelling.length !== length) continue;
    let i = 0;
    while (i < length && text.charCodeAt(from + i) === spelling[i]) i++;
    if (i === length) return k;
  }
  return -1;
}

/**
 * A block's rows as the plain way reads them: each line's place, the blank lines before it, its
 * slot (-1 once it failed) and its values by input, in typed arrays that grow as rows come.
 */
class RowTable {
  starts = new Int32Array(8192);
  ends = new Int32Array(8192);
  blanksBefore = new Int32Array(8192);
  slots = new Int32Array(8192);
  /** A number input's values, by input index (undefined for a category input). */
  numbers: (Float64Array | undefined)[];
  /** A category input's indexes, by input index (undefined for a number input). */
  categories: (Int32Array | undefined)[];
  length = 0;
  private readonly specs: readonly InputSpec[];

  constructor(specs: readonly InputSpec[]) {
    this.specs = specs;
    this.numbers = specs.map((spec) =>
      spec.type === 'number' ? new Float64Array(8192) : undefined,
    );
    this.categories = specs.map((spec) =>
      spec.type === 'category' ? new Int32Array(8192) : undefined,
    );
  }

  clear(): void {
    this.length = 0;
  }

  add(start: number, end: number, blanksBefore: number): number {
    if (this.length === this.slots.length) this.grow();
    const row = this.length++;
    this.starts[row] = start;
    this.ends[row] = end;
    this.blanksBefore[row] = blanksBefore;
    this.slots[row] = 0;
    return row;
  }

  set(j: number, row: number, value: number): void {
    const numbers = this.numbers[j];
    if (numbers) numbers[row] = value;
    else this.categories[j]![row] = value;
  }

  /** The valid rows' values, by column, numbered (see keepValid). */
  valid(): InputColumns {
    const n = this.length;
    const values = this.specs.map((_, j) =>
      (this.numbers[j] ?? this.categories[j]!).subarray(0, n),
    );
    return keepValid({ length: n, values }, this.slots.subarray(0, n));
  }

  private grow(): void {
    const double = <T extends Int32Array | Float64Array>(array: T): T => {
      const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
      grown.set(array);
      return grown;
    };
    this.starts = double(this.starts);
    this.ends = double(this.ends);
    this.blanksBefore = double(this.blanksBefore);
    this.slots = double(this.slots);
    this.numbers = this.numbers.map((array) => array && double(array));
    this.categories = this.categories.map((array) => array && double(array));
  }
}

/**
 * Whether text[at, to) is the rest of a signed number csvField leaves as it is (`-5`, `-0.25`,
 * `-.5`, `-5.`): digits with at most one dot, at least one digit.
 */
function signedNumber(text: string, at: number, to: number): boolean {
  let digits = 0;
  let dots = 0;
  for (let i = at; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === DOT) dots++;
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
