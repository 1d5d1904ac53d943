import type { InputIssue } from '../errors';
import type { CategoryInputSpec, InputSpec, NumberInputSpec } from '../manifest/manifest-types';
import { closestName } from './closest-name';
import { quoteValue } from './quote-value';

/** What callers may pass for one field: form text, URL text, CSV text, or a number from code. */
export type RawValue = string | number | null | undefined;
export type RawValues = Readonly<Record<string, RawValue>>;

/**
 * Values ready for the model: numbers for number inputs, canonical category strings otherwise;
 * null for an optional input left empty (the model's pipeline imputes it).
 */
export type ModelValue = number | string | null;
export type ModelValues = Readonly<Record<string, ModelValue>>;

/** Valid but worth telling the user: the model never saw such a value. */
export interface InputWarning {
  readonly field: string;
  readonly code: 'out-of-range';
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly values: ModelValues; readonly warnings: readonly InputWarning[] }
  | {
      readonly ok: false;
      readonly issues: readonly InputIssue[];
      readonly warnings: readonly InputWarning[];
    };

// Plain decimal or scientific notation. Number() alone would also accept "", " ", "0x1F",
// "Infinity" and "1_000"-like surprises, which we want to reject with a precise message.
// Written so that no two parts can match the same digits: `\d+\.?\d*` could split a run of digits
// in n ways, and backtracked through all of them on "111…1x" (100,000 digits: 27 s, page frozen);
// this form fails such a value in one pass.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
/** The model's number tensors are float32: beyond this a value becomes ±Infinity there. */
const FLOAT32_RANGE = '±3.4e38';

/**
 * Validates raw values against a manifest's inputs before any tensor is built.
 * Categories match exactly, or case-insensitively when that names exactly one category
 * (`high` → `HIGH`); the canonical spelling is what reaches the model. Unknown field names are
 * errors so that a typo in an API call or URL never silently drops a value.
 */
export function validateInputs(specs: readonly InputSpec[], raw: RawValues): ValidationResult {
  const issues: InputIssue[] = [];
  const warnings: InputWarning[] = [];
  // Pairs, then Object.fromEntries: an input named like a built-in (`__proto__`, `constructor`)
  // becomes a key of its own, where `values[name] = v` would set the object's prototype.
  const values: [string, ModelValue][] = [];
  const known = specs.map((s) => s.name);

  for (const name of Object.keys(raw)) {
    if (known.includes(name)) continue;
    const suggestion = closestName(name, known);
    issues.push({
      field: name,
      code: 'unknown-field',
      message: `Unknown input ${quoteValue(name)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}. Expected: ${known.join(', ')}`,
    });
  }

  for (const spec of specs) {
    // Own values only: `toString` must not find Object.prototype's function.
    const given = Object.hasOwn(raw, spec.name) ? raw[spec.name] : undefined;
    if (spec.optional && isBlank(given)) {
      values.push([spec.name, null]);
      continue;
    }
    const result =
      given === null ||
      given === undefined ||
      typeof given === 'string' ||
      typeof given === 'number'
        ? spec.type === 'number'
          ? checkNumber(spec, given)
          : checkCategory(spec, given)
        : { issue: foreignValue(spec, given) };
    if ('issue' in result) issues.push(result.issue);
    else {
      values.push([spec.name, result.value]);
      if (result.warning) warnings.push(result.warning);
    }
  }
  return issues.length > 0
    ? { ok: false, issues, warnings }
    : { ok: true, values: Object.fromEntries(values), warnings };
}

/**
 * Code can pass anything (`true`, a function, an object from a JSON message): refused with what
 * it is, never turned into text that might happen to name a category.
 */
function foreignValue(spec: InputSpec, value: unknown): InputIssue {
  const kind = typeof value;
  const what =
    kind === 'boolean' || kind === 'bigint'
      ? `${String(value)} (a ${kind})`
      : `${kind === 'object' ? 'an' : 'a'} ${kind}`;
  return spec.type === 'number'
    ? { field: spec.name, code: 'not-a-number', message: `${spec.name}: ${what} is not a number` }
    : {
        field: spec.name,
        code: 'unknown-category',
        message: `${spec.name}: ${what} is not one of ${spec.categories.join(', ')}`,
      };
}

type FieldResult<T> = { issue: InputIssue } | { value: T; warning?: InputWarning };

function isBlank(value: RawValue): value is null | undefined | '' {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

function checkNumber(spec: NumberInputSpec, raw: RawValue): FieldResult<number> {
  const field = spec.name;
  if (isBlank(raw)) return { issue: { field, code: 'missing', message: `${field}: missing` } };
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) {
      return {
        issue: { field, code: 'not-finite', message: `${field}: ${raw} is not a finite number` },
      };
    }
    value = raw;
  } else {
    const text = raw.trim();
    if (NON_FINITE.test(text)) {
      return {
        issue: {
          field,
          code: 'not-finite',
          message: `${field}: ${quoteValue(raw)} is not a finite number`,
        },
      };
    }
    if (!DECIMAL.test(text)) {
      const hint = DECIMAL_COMMA.test(text) ? ' (use a dot as the decimal separator)' : '';
      return {
        issue: {
          field,
          code: 'not-a-number',
          message: `${field}: ${quoteValue(raw)} is not a number${hint}`,
        },
      };
    }
    value = Number(text);
  }
  // What the model receives is float32: 1e39 would reach it as Infinity and "predict".
  if (!Number.isFinite(Math.fround(value))) {
    const shown = typeof raw === 'number' ? String(raw) : quoteValue(raw);
    return {
      issue: {
        field,
        code: 'too-large',
        message: `${field}: ${shown} is outside the range of numbers the model can take (${FLOAT32_RANGE})`,
      },
    };
  }
  if (value < spec.min || value > spec.max) {
    const unit = spec.unit ? ` ${spec.unit}` : '';
    return {
      value,
      warning: {
        field,
        code: 'out-of-range',
        message: `${field}: ${value} is outside the training range ${spec.min}–${spec.max}${unit}; the prediction is an extrapolation`,
      },
    };
  }
  return { value };
}

/**
 * The category `text` names: itself, or the one category equal to it ignoring case and
 * surrounding spaces. Undefined when there is none, or more than one (then case matters).
 */
export function canonicalCategory(spec: CategoryInputSpec, text: string): string | undefined {
  const trimmed = text.trim();
  if (spec.categories.includes(trimmed)) return trimmed;
  const folded = spec.categories.filter((c) => c.toLowerCase() === trimmed.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

function checkCategory(spec: CategoryInputSpec, raw: RawValue): FieldResult<string> {
  const field = spec.name;
  if (isBlank(raw)) return { issue: { field, code: 'missing', message: `${field}: missing` } };
  const canonical = canonicalCategory(spec, String(raw));
  if (canonical !== undefined) return { value: canonical };
  return {
    issue: {
      field,
      code: 'unknown-category',
      message: `${field}: ${quoteValue(String(raw))} is not one of ${spec.categories.join(', ')}`,
    },
  };
}
