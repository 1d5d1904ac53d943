import { ErrorCode, FormcastError } from '../errors';
import { closestName } from '../inputs/closest-name';
import type { InputSpec } from '../manifest/manifest-types';

const MAX_LISTED = 20;

/** Where the model's inputs are in a file's rows. */
export interface HeaderMap {
  /** The file's column names, in file order. */
  readonly columns: readonly string[];
  /** For each manifest input, in manifest order, the index of its column in the file. */
  readonly inputColumns: readonly number[];
}

/**
 * Finds each model input's column by its exact name. Any other column is the user's and is
 * passed through untouched, wherever it is. A missing input names the closest column the file
 * does have, since a case slip (`Na_to_k`) is the usual cause; guessing silently instead could
 * score the wrong column.
 * @throws {FormcastError} CSV_INVALID naming every missing and every duplicated column.
 */
export function mapHeader(header: readonly string[], specs: readonly InputSpec[]): HeaderMap {
  const problems: string[] = [];
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => positions.set(name, [...(positions.get(name) ?? []), i]));
  for (const [name, at] of positions) {
    if (at.length < 2) continue;
    const what = name === '' ? 'columns without a name' : `columns named "${name}"`;
    problems.push(
      `The header has ${at.length} ${what} (columns ${at.map((i) => i + 1).join(', ')}); each column needs its own name.`,
    );
  }

  const required = specs.map((s) => s.name);
  const unclaimed = header.filter((name) => !required.includes(name));
  for (const name of required) {
    if (positions.has(name)) continue;
    const near = closestName(name, unclaimed);
    problems.push(
      near === undefined
        ? `Missing column "${name}".`
        : `Missing column "${name}": the file has "${near}" — rename it to "${name}" (column names must match exactly).`,
    );
  }

  if (problems.length > 0) {
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${problems.join(' ')} Required columns: ${required.join(', ')}; the file's columns: ${listColumns(header)}.`,
      { expected: required.join(', '), actual: header.join(', ') },
    );
  }
  return { columns: header, inputColumns: required.map((name) => positions.get(name)![0]!) };
}

/** The file's column names for a message; a wide file's list is cut short. */
function listColumns(header: readonly string[]): string {
  const shown = header.slice(0, MAX_LISTED).map((h) => (h === '' ? '(no name)' : h));
  const more = header.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
