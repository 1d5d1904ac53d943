import type { ModelValues } from '../inputs/validate-inputs';
import type { InputSpec, NumericFeature, TensorDtype } from '../manifest/manifest-types';
import { setOwn } from '../manifest/records';

/** One input tensor as plain data, before onnxruntime-web wraps it: [rows, 1] or [rows, features]. */
export type Column =
  | { readonly dtype: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly dtype: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly dtype: 'string'; readonly data: string[]; readonly dims: readonly number[] };

/**
 * Encodes validated rows for the numeric model: one float32 [N, F] tensor, each column a number
 * input as is or 1/0 for "this category input equals …". Categories are canonical after
 * validateInputs, so plain equality is exact. The numeric model starts after the pipeline's
 * imputers, so an empty optional input takes its manifest `missing.value` here, as the full
 * model's imputer would give it.
 */
export function encodeFeatures(
  features: readonly NumericFeature[],
  rows: readonly ModelValues[],
  specs: readonly InputSpec[] = [],
): Column {
  const n = rows.length;
  const width = features.length;
  const data = new Float32Array(n * width);
  const imputed = new Map(specs.map((spec) => [spec.name, spec.missing?.value ?? null]));
  for (let j = 0; j < width; j++) {
    const { input, equals } = features[j]!;
    const fill = imputed.get(input) ?? null;
    if (equals === undefined) {
      for (let i = 0; i < n; i++) data[i * width + j] = (rows[i]![input] ?? fill ?? NaN) as number;
    } else {
      for (let i = 0; i < n; i++) if ((rows[i]![input] ?? fill) === equals) data[i * width + j] = 1;
    }
  }
  return { dtype: 'float32', data, dims: [n, width] };
}

/**
 * Lays validated rows out as one [N, 1] column per model input, keyed by tensor name.
 * Rows must already have passed validateInputs: this function trusts types and presence.
 */
export function buildColumns(
  specs: readonly InputSpec[],
  rows: readonly ModelValues[],
): Record<string, Column> {
  const columns: Record<string, Column> = {};
  const n = rows.length;
  for (const spec of specs) {
    setOwn(
      columns,
      spec.tensor.name,
      makeColumn(spec.tensor.dtype, n, (i) => rows[i]![spec.name] ?? null),
    );
  }
  return columns;
}

/**
 * An empty optional input is NaN in a float32 column and "" in a string column: the values the
 * exported pipeline's imputers replace (parse-manifest refuses optional int64 inputs).
 */
function makeColumn(
  dtype: TensorDtype,
  n: number,
  valueAt: (row: number) => number | string | null,
): Column {
  switch (dtype) {
    case 'float32': {
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = (valueAt(i) ?? NaN) as number;
      return { dtype, data, dims: [n, 1] };
    }
    case 'int64': {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) data[i] = BigInt(Math.round(valueAt(i) as number));
      return { dtype, data, dims: [n, 1] };
    }
    case 'string': {
      const data = new Array<string>(n);
      for (let i = 0; i < n; i++) data[i] = String(valueAt(i) ?? '');
      return { dtype, data, dims: [n, 1] };
    }
  }
}
