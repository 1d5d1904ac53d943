import { ErrorCode, FormcastError } from '../errors';
import { closestName } from '../inputs/closest-name';
import { QUOTED_CHARS, quoteValue } from '../inputs/quote-value';
import type { InputSpec } from '../manifest/manifest-types';

const MAX_LISTED = 20;

/** Where the model's inputs are in a file's rows, and which of its columns the output keeps. */
export interface HeaderMap {
  /** The file's columns that the output keeps, in file order (all but the replaced ones). */
  readonly columns: readonly string[];
  /** For each manifest input, in manifest order, the index of its column in the file. */
  readonly inputColumns: readonly number[];
  /** Number of columns in the file's header. */
  readonly width: number;
  /** Indices in the file of the kept columns; null when every column is kept. */
  readonly keep: readonly number[] | null;
  /** Columns the file carried with an output's name (a file scored before), once each. */
  readonly replaced: readonly string[];
}

/**
 * Finds each model input's column by its exact name. Any other column is the user's and is
 * passed through untouched, wherever it is, except one named like a column the output adds
 * (`outputColumns`: `predicted_label`, `p_<class>`, `error`…): a file scored before carries
 * those, and they are replaced rather than written twice. A missing input names the closest
 * column the file does have, since a case slip (`Na_to_k`) is the usual cause; guessing silently
 * instead could score the wrong column.
 * @throws {FormcastError} CSV_INVALID naming every missing and every duplicated column.
 */
export function mapHeader(
  header: readonly string[],
  specs: readonly InputSpec[],
  outputColumns: readonly string[] = [],
): HeaderMap {
  const required = specs.map((s) => s.name);
  // An input's own column is never replaced, whatever it is called.
  const replaceable = new Set(outputColumns.filter((name) => !required.includes(name)));
  const problems: string[] = [];
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => {
    const at = positions.get(name);
    if (at) at.push(i);
    else positions.set(name, [i]);
  });
  for (const [name, at] of positions) {
    if (at.length < 2 || replaceable.has(name)) continue;
    const what = name === '' ? 'columns without a name' : `columns named ${quoteValue(name)}`;
    problems.push(
      `The header has ${at.length} ${what} (columns ${listNumbers(at)}); each column needs its own name.`,
    );
  }

  const unclaimed = header.filter((name) => !required.includes(name));
  for (const name of required) {
    if (positions.has(name)) continue;
    const near = closestName(name, unclaimed);
    problems.push(
      near === undefined
        ? `Missing column "${name}".`
        : `Missing column "${name}": the file has ${quoteValue(near)} — rename it to "${name}" (column names must match exactly).`,
    );
  }

  if (problems.length > 0) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${problems.join(' ')} Required columns: ${required.join(', ')}; the file's columns: ${listColumns(header)}.`,
      { expected: required.join(', '), actual: listColumns(header) },
    );
  }
  const inputColumns = required.map((name) => positions.get(name)![0]!);
  const replaced = [...positions.keys()].filter((name) => replaceable.has(name));
  if (replaced.length === 0) {
    return { columns: header, inputColumns, width: header.length, keep: null, replaced };
  }
  const keep: number[] = [];
  header.forEach((name, i) => {
    if (!replaceable.has(name)) keep.push(i);
  });
  return {
    columns: keep.map((i) => header[i]!),
    inputColumns,
    width: header.length,
    keep,
    replaced,
  };
}

/** The file's column names for a message; a wide file's list is cut short, and long names too. */
function listColumns(header: readonly string[]): string {
  const shown = header
    .slice(0, MAX_LISTED)
    .map((h) => (h === '' ? '(no name)' : h.length > QUOTED_CHARS ? quoteValue(h) : h));
  const more = header.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** `1, 4`, or for a column name repeated thousands of times the first ones and a count. */
function listNumbers(at: readonly number[]): string {
  const shown = at.slice(0, MAX_LISTED).map((i) => i + 1);
  return at.length > MAX_LISTED
    ? `${shown.join(', ')} and ${at.length - MAX_LISTED} more`
    : shown.join(', ');
}
