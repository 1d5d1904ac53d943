import { ErrorCode, FormcastError } from '../errors';
import type { InputSpec } from '../manifest/manifest-types';
import type { InputColumns } from './feeds';

function refuse(message: string): never {
  throw new FormcastError(ErrorCode.InputInvalid, `Columns refused: ${message}.`);
}

/**
 * Checks rows a page laid out by column itself (the what-if views' sweeps) before they reach
 * the model. They skip the row-by-row validation of predictBatch, which was most of the cost
 * of a what-if update, so a column filled wrongly must still fail loudly rather than run as a
 * silent zero: one typed array per input, in manifest order, each `length` long; numbers finite
 * as float32 (NaN, left empty, only for an optional input); category indexes within the
 * manifest's categories (-1, left empty, only for an optional input).
 * @throws {FormcastError} INPUT_INVALID naming the first problem.
 */
export function checkColumns(specs: readonly InputSpec[], columns: InputColumns): void {
  const n = columns.length;
  if (!Number.isInteger(n) || n < 0) refuse(`${String(n)} is not a row count`);
  if (columns.values.length !== specs.length)
    refuse(`${columns.values.length} columns for ${specs.length} inputs`);
  specs.forEach((spec, j) => {
    const column = columns.values[j];
    const kind = spec.type === 'number' ? Float64Array : Int32Array;
    if (!(column instanceof kind) || column.length !== n)
      refuse(`${spec.name} is not a ${kind.name} of ${n} rows`);
    for (let i = 0; i < n; i++) {
      const v = column[i]!;
      const empty = spec.type === 'number' ? v !== v : v === -1;
      if (empty) {
        if (!spec.optional) refuse(`${spec.name} is empty in row ${i}`);
      } else if (
        spec.type === 'number'
          ? !Number.isFinite(Math.fround(v))
          : !(v >= 0 && v < spec.categories.length)
      ) {
        refuse(`${spec.name} holds ${v} in row ${i}`);
      }
    }
  });
}
