import type { InputIssue } from '../errors';
import { validateInputs } from '../inputs/validate-inputs';
import type { InputSpec } from '../manifest/manifest-types';
import { allocateColumns, type InputColumns } from '../runtime/feeds';

/** One reason a row cannot be scored. */
export interface RowIssue {
  /** The kind of problem, for grouping: `Age: not a number`, `row is empty`. */
  readonly reason: string;
  /** The specific message for this row: `Age: "abc" is not a number`. */
  readonly message: string;
}

/** What validation made of a block of rows. */
export interface RowsCheck {
  /** The valid rows' values, by column, in row order (the failed rows left out). */
  readonly columns: InputColumns;
  /** Per row: its index among the valid rows, or -1 when it failed. */
  readonly slots: Int32Array;
  /** The problems of each failed row, in input order, by row index. */
  readonly issues: ReadonlyMap<number, readonly RowIssue[]>;
}

export interface RowValidatorOptions {
  /** Number of columns in the header. */
  readonly width: number;
  /** For each manifest input, the index of its column (see mapHeader). */
  readonly inputColumns: readonly number[];
  /**
   * Read `14,5` as 14.5. Only safe when `,` cannot be the delimiter, i.e. in `;` files; in `,`
   * files such a value is a row error from the normal rules.
   */
  readonly decimalComma: boolean;
}

/** A row's fields, and the quoting problem the reader found in it if any. */
export type RowsValidator = (
  rows: readonly (readonly string[])[],
  quoteProblem: (row: number) => string | undefined,
) => RowsCheck;

const DECIMAL_COMMA = /^\s*[+-]?\d+,\d+\s*$/;
/**
 * Plain decimals the form's rules take as they are: validateInputs would trim nothing, refuse
 * nothing and give Number(text). Most numbers in a file look like this, and parsing one costs
 * less than looking it up.
 */
const PLAIN_DECIMAL = /^-?\d{1,15}(?:\.\d{1,15})?$/;
/** Distinct values remembered per input; past this a column is mostly unique values anyway. */
const CACHE_LIMIT = 65_536;
const MAX_EXTRA_SHOWN = 200;

/**
 * A value as validation left it: a number input's number (NaN for an optional one left empty),
 * a category's index (-1 when left empty), or why the value is refused.
 */
export type Checked = number | InputIssue;

/** A line with nothing but blanks and delimiters, between data rows. */
export const EMPTY_ROW: RowIssue = { reason: 'row is empty', message: 'row is empty' };

/**
 * One value checked with the form's rules, for input `j` (in manifest order): its number or
 * category index, or why it is refused (see fieldIssue).
 */
export type FieldChecker = (j: number, text: string) => Checked;

/**
 * The form's rules (validateInputs) for one input's values at a time. The rules are per value, so
 * each distinct value of a column is validated once and remembered: a million rows of a few
 * categories cost a few hundred validations, not five million.
 */
export function createFieldChecker(
  specs: readonly InputSpec[],
  { decimalComma }: Pick<RowValidatorOptions, 'decimalComma'>,
): FieldChecker {
  const caches = specs.map(() => new Map<string, Checked>());
  // A category's own spellings, answered without hashing the text: comparing a short string with
  // a handful of others is cheaper than a Map lookup, and these are nearly every value.
  const spellings = specs.map((spec) => (spec.type === 'category' ? [...spec.categories] : []));

  function validate(spec: InputSpec, text: string): Checked {
    const comma = decimalComma && spec.type === 'number' && DECIMAL_COMMA.test(text);
    const checked = validateInputs([spec], { [spec.name]: comma ? text.replace(',', '.') : text });
    if (!checked.ok) return checked.issues[0]!;
    const value = checked.values[spec.name] ?? null;
    if (spec.type === 'number') return value === null ? NaN : (value as number);
    return value === null ? -1 : spec.categories.indexOf(value as string);
  }

  return (j, text) => {
    const spec = specs[j]!;
    if (spec.type === 'number') {
      if (PLAIN_DECIMAL.test(text)) return Number(text);
    } else {
      const own = spellings[j]!;
      for (let k = 0; k < own.length; k++) if (own[k] === text) return k;
    }
    const cache = caches[j]!;
    const known = cache.get(text);
    if (known !== undefined) return known;
    const result = validate(spec, text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, result);
    return result;
  };
}

/** A refused value as a row's problem: its kind for grouping, and its message. */
export function fieldIssue(spec: InputSpec, issue: InputIssue): RowIssue {
  return { reason: reasonOf(spec, issue), message: issue.message };
}

/**
 * Checks parsed CSV rows with the form's rules, a column at a time, and lays the valid ones out
 * by column for the model: no object per row. A row's problems are listed in input order, as
 * the form lists them. `check` is the batch's field checker, which remembers values across
 * blocks and parts.
 */
export function createRowsValidator(
  specs: readonly InputSpec[],
  { width, inputColumns }: Omit<RowValidatorOptions, 'decimalComma'>,
  check: FieldChecker,
): RowsValidator {
  return (rows, quoteProblem) => {
    const n = rows.length;
    const slots = new Int32Array(n);
    const issues = new Map<number, RowIssue[]>();
    const fail = (row: number, issue: RowIssue) => {
      const list = issues.get(row);
      if (list) list.push(issue);
      else issues.set(row, [issue]);
      slots[row] = -1;
    };
    // Whole-row problems first: such a row's values are not looked at.
    const unread = new Uint8Array(n);
    for (let row = 0; row < n; row++) {
      const fields = rows[row]!;
      const problem = quoteProblem(row);
      let issue: RowIssue | undefined;
      if (problem) issue = { reason: 'malformed quotes', message: problem };
      else if (isBlank(fields)) issue = EMPTY_ROW;
      else if (fields.length !== width) issue = fieldCountIssue(fields, width);
      if (issue) {
        fail(row, issue);
        unread[row] = 1;
      }
    }
    const all = allocateColumns(specs, n);
    for (let j = 0; j < specs.length; j++) {
      const column = inputColumns[j]!;
      const out = all.values[j]!;
      const spec = specs[j]!;
      for (let row = 0; row < n; row++) {
        if (unread[row]) continue;
        const result = check(j, rows[row]![column]!);
        if (typeof result === 'number') out[row] = result;
        else fail(row, fieldIssue(spec, result));
      }
    }
    return { columns: keepValid(all, slots), slots, issues };
  };
}

/**
 * Numbers the valid rows and leaves only their values in the columns; the failed rows' slots
 * are already -1. Copies nothing when every row is valid, the usual case.
 */
export function keepValid(all: InputColumns, slots: Int32Array): InputColumns {
  let valid = 0;
  for (let row = 0; row < slots.length; row++) if (slots[row] !== -1) slots[row] = valid++;
  if (valid === slots.length) return all;
  const values = all.values.map((column) => {
    const kept = column instanceof Float64Array ? new Float64Array(valid) : new Int32Array(valid);
    for (let row = 0; row < slots.length; row++) {
      const slot = slots[row]!;
      if (slot !== -1) kept[slot] = column[row]!;
    }
    return kept;
  });
  return { length: valid, values };
}

function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field !== '' && field.trim() !== '') return false;
  return true;
}

/** Too few fields: the message the issue asks for. Too many: the extra values too, so none is lost. */
function fieldCountIssue(fields: readonly string[], width: number): RowIssue {
  let message = `row has ${fields.length} fields, header has ${width}`;
  if (fields.length > width) {
    const extra = fields
      .slice(width)
      .map((f) => JSON.stringify(f))
      .join(', ');
    message += ` (extra: ${extra.length > MAX_EXTRA_SHOWN ? `${extra.slice(0, MAX_EXTRA_SHOWN)}…` : extra})`;
  }
  return { reason: 'wrong number of fields', message };
}

function reasonOf(spec: InputSpec, issue: InputIssue): string {
  switch (issue.code) {
    case 'missing':
      return `${spec.name}: missing`;
    case 'not-a-number':
      return `${spec.name}: not a number`;
    case 'not-finite':
      return `${spec.name}: not a finite number`;
    case 'too-large':
      return `${spec.name}: outside the model's number range`;
    case 'unknown-category':
      return spec.type === 'category'
        ? `${spec.name}: not one of ${spec.categories.join(', ')}`
        : `${spec.name}: unknown value`;
    case 'unknown-field':
      return `${spec.name}: unknown`;
  }
}
