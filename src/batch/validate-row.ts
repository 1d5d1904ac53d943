import type { InputIssue } from '../errors';
import { type ModelValues, validateInputs } from '../inputs/validate-inputs';
import type { InputSpec } from '../manifest/manifest-types';

/** One reason a row cannot be scored. */
export interface RowIssue {
  /** The kind of problem, for grouping: `Age: not a number`, `row is empty`. */
  readonly reason: string;
  /** The specific message for this row: `Age: "abc" is not a number`. */
  readonly message: string;
}

export type RowCheck =
  | { readonly ok: true; readonly values: ModelValues }
  | { readonly ok: false; readonly issues: readonly RowIssue[] };

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

type FieldResult = { readonly value: number | string } | { readonly issue: InputIssue };

const DECIMAL_COMMA = /^\s*[+-]?\d+,\d+\s*$/;
/** Distinct values remembered per input; past this a column is mostly unique values anyway. */
const CACHE_LIMIT = 65_536;
const MAX_EXTRA_SHOWN = 200;

/**
 * Checks parsed CSV records with the form's rules (validateInputs), one input at a time. The
 * rules are per value, so each distinct value of a column is validated once and remembered: a
 * million rows of a few categories cost a few hundred validations, not five million.
 */
export function createRowValidator(
  specs: readonly InputSpec[],
  { width, inputColumns, decimalComma }: RowValidatorOptions,
): (fields: readonly string[], quoteProblem?: string) => RowCheck {
  const caches = specs.map(() => new Map<string, FieldResult>());
  // A category's own spellings, answered without hashing the text: comparing a short string with
  // a handful of others is cheaper than a Map lookup, and these are nearly every value.
  const exact = specs.map((spec) => (spec.type === 'category' ? [...spec.categories] : []));
  const exactResults = specs.map((spec, i) => exact[i]!.map((text) => validate(spec, text)));

  function validate(spec: InputSpec, text: string): FieldResult {
    const comma = decimalComma && spec.type === 'number' && DECIMAL_COMMA.test(text);
    const checked = validateInputs([spec], { [spec.name]: comma ? text.replace(',', '.') : text });
    return checked.ok ? { value: checked.values[spec.name]! } : { issue: checked.issues[0]! };
  }

  function checkField(i: number, text: string): FieldResult {
    const spellings = exact[i]!;
    for (let j = 0; j < spellings.length; j++) {
      if (spellings[j] === text) return exactResults[i]![j]!;
    }
    const cache = caches[i]!;
    const known = cache.get(text);
    if (known) return known;
    const result = validate(specs[i]!, text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, result);
    return result;
  }

  return (fields, quoteProblem) => {
    if (quoteProblem) return fail({ reason: 'malformed quotes', message: quoteProblem });
    if (isBlank(fields)) return fail({ reason: 'row is empty', message: 'row is empty' });
    if (fields.length !== width) return fail(fieldCountIssue(fields, width));
    const values: Record<string, number | string> = {};
    let issues: RowIssue[] | undefined;
    for (let i = 0; i < specs.length; i++) {
      const result = checkField(i, fields[inputColumns[i]!]!);
      if ('value' in result) values[specs[i]!.name] = result.value;
      else {
        (issues ??= []).push({
          reason: reasonOf(specs[i]!, result.issue),
          message: result.issue.message,
        });
      }
    }
    return issues ? { ok: false, issues } : { ok: true, values };
  };
}

function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field !== '' && field.trim() !== '') return false;
  return true;
}

function fail(issue: RowIssue): RowCheck {
  return { ok: false, issues: [issue] };
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
