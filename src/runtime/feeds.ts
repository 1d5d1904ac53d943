import type { ModelValues } from '../inputs/validate-inputs';
import type { InputSpec, NumericFeature, TensorDtype } from '../manifest/manifest-types';
import { own, setOwn } from '../manifest/records';

/** One input tensor as plain data, before onnxruntime-web wraps it: [rows, 1] or [rows, features]. */
export type Column =
  | { readonly dtype: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly dtype: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly dtype: 'string'; readonly data: string[]; readonly dims: readonly number[] };

/**
 * Validated values of many rows, one typed array per manifest input (in manifest order): a
 * number input's values (NaN: an optional input left empty), a category input's index into its
 * manifest `categories` (-1: left empty). Batch validation fills these column by column, so a
 * million rows cost no object per row on their way to the model.
 */
export interface InputColumns {
  readonly length: number;
  readonly values: readonly (Float64Array | Int32Array)[];
}

/** Empty columns for `length` rows, to be filled in place. */
export function allocateColumns(specs: readonly InputSpec[], length: number): InputColumns {
  return {
    length,
    values: specs.map((spec) =>
      spec.type === 'number' ? new Float64Array(length) : new Int32Array(length),
    ),
  };
}

/** The same rows by column. Rows must already have passed validateInputs. */
export function columnsOf(specs: readonly InputSpec[], rows: readonly ModelValues[]): InputColumns {
  const columns = allocateColumns(specs, rows.length);
  specs.forEach((spec, j) => {
    const out = columns.values[j]!;
    for (let i = 0; i < rows.length; i++) {
      const value = own(rows[i], spec.name) ?? null;
      if (spec.type === 'number') out[i] = value === null ? NaN : (value as number);
      else out[i] = value === null ? -1 : spec.categories.indexOf(value as string);
    }
  });
  return columns;
}

/** Rows [start, end) of `columns`, sharing their memory. */
export function sliceColumns(columns: InputColumns, start: number, end: number): InputColumns {
  return { length: end - start, values: columns.values.map((v) => v.subarray(start, end)) };
}

/**
 * Encodes validated rows for the numeric model: one float32 [N, F] tensor, each column a number
 * input as is or 1/0 for "this category input equals …". The numeric model starts after the
 * pipeline's imputers, so an empty optional input takes its manifest `missing.value` here, as
 * the full model's imputer would give it. The tensor is filled row by row, in one pass over its
 * memory: a pass per feature (a 50k-row run of 22 features is 4.4 MB, a row 88 bytes, more than
 * a cache line) cost ≈ 0.25 µs a row in Chromium for the hr model, most of it cache misses.
 */
export function encodeFeatures(
  features: readonly NumericFeature[],
  columns: InputColumns,
  specs: readonly InputSpec[],
): Column {
  const n = columns.length;
  const width = features.length;
  const data = new Float32Array(n * width);
  const inputOf = features.map(({ input }) => {
    const k = specs.findIndex((spec) => spec.name === input);
    if (k === -1) throw new TypeError(`The numeric layout names an unknown input "${input}".`);
    return k;
  });
  // Every feature of a number input takes its value (NaN, left empty: its fill).
  const numberValues: Float64Array[] = [];
  const numberFeatures: number[] = [];
  const numberFills: number[] = [];
  // Each category input's flags: the feature each of its categories raises.
  const categoryIndexes: Int32Array[] = [];
  const categoryFills: number[] = [];
  const categorySingles: Int32Array[] = [];
  const categoryRaises: number[][][] = [];
  specs.forEach((spec, k) => {
    if (spec.type === 'number') {
      const fill = spec.missing?.value ?? NaN;
      features.forEach((_, j) => {
        if (inputOf[j] !== k) return;
        numberValues.push(columns.values[k] as Float64Array);
        numberFeatures.push(j);
        numberFills.push(fill);
      });
      return;
    }
    const raises = spec.categories.map(() => [] as number[]);
    features.forEach(({ equals }, j) => {
      const index = equals === undefined ? -1 : spec.categories.indexOf(equals);
      if (inputOf[j] === k && index !== -1) raises[index]!.push(j); // else no valid value raises it
    });
    if (raises.every((list) => list.length === 0)) return;
    categoryIndexes.push(columns.values[k] as Int32Array);
    categoryFills.push(spec.missing ? spec.categories.indexOf(spec.missing.value) : -1);
    categorySingles.push(Int32Array.from(raises, (list) => (list.length === 1 ? list[0]! : -1)));
    categoryRaises.push(raises);
  });
  const numbers = numberValues.length;
  const categories = categoryIndexes.length;
  for (let i = 0, row = 0; i < n; i++, row += width) {
    for (let m = 0; m < numbers; m++) {
      const value = numberValues[m]![i]!;
      data[row + numberFeatures[m]!] = value === value ? value : numberFills[m]!; // NaN: empty
    }
    for (let c = 0; c < categories; c++) {
      let index = categoryIndexes[c]![i]!;
      if (index < 0) index = categoryFills[c]!;
      if (index < 0) continue;
      const j = categorySingles[c]![index]!;
      if (j !== -1) data[row + j] = 1;
      else for (const each of categoryRaises[c]![index]!) data[row + each] = 1;
    }
  }
  return { dtype: 'float32', data, dims: [n, width] };
}

/**
 * Lays validated rows out as one [N, 1] column per model input, keyed by tensor name, for the
 * full model: an empty optional input is NaN in a float32 column and "" in a string column, the
 * values the exported pipeline's imputers replace (parse-manifest refuses optional int64 inputs).
 */
export function buildColumns(
  specs: readonly InputSpec[],
  columns: InputColumns,
): Record<string, Column> {
  const feeds: Record<string, Column> = {};
  specs.forEach((spec, j) => {
    setOwn(
      feeds,
      spec.tensor.name,
      spec.type === 'number'
        ? numberColumn(spec.tensor.dtype, columns.values[j] as Float64Array)
        : categoryColumn(spec.categories, columns.values[j] as Int32Array),
    );
  });
  return feeds;
}

/** parse-manifest allows number inputs float32 and int64 tensors only. */
function numberColumn(dtype: TensorDtype, values: Float64Array): Column {
  const n = values.length;
  if (dtype === 'int64') {
    const data = new BigInt64Array(n);
    for (let i = 0; i < n; i++) data[i] = BigInt(Math.round(values[i]!));
    return { dtype, data, dims: [n, 1] };
  }
  return { dtype: 'float32', data: Float32Array.from(values), dims: [n, 1] };
}

function categoryColumn(categories: readonly string[], indexes: Int32Array): Column {
  const n = indexes.length;
  const data = new Array<string>(n);
  for (let i = 0; i < n; i++) data[i] = indexes[i]! < 0 ? '' : categories[indexes[i]!]!;
  return { dtype: 'string', data, dims: [n, 1] };
}
