import { describe, expect, it } from 'vitest';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import type { InputSpec, NumericFeature } from '../../src/manifest/manifest-types';
import {
  buildColumns as buildFromColumns,
  type Column,
  columnsOf,
  encodeFeatures as encodeFromColumns,
} from '../../src/runtime/feeds';
import { numberSpec, realManifest } from './helpers';

const manifest = realManifest();
const specs = manifest.inputs;

const rows: ModelValues[] = [
  { Age: 23, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 25.355 },
  { Age: 47, Sex: 'M', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 13.093 },
  { Age: 61, Sex: 'F', BP: 'NORMAL', Cholesterol: 'NORMAL', Na_to_K: 7.5 },
];

/** The feeds for rows given by input name, through their columns as the runner builds them. */
function buildColumns(inputs: readonly InputSpec[], values: readonly ModelValues[]) {
  return buildFromColumns(inputs, columnsOf(inputs, values));
}

function encodeFeatures(features: readonly NumericFeature[], values: readonly ModelValues[]) {
  return encodeFromColumns(features, columnsOf(specs, values), specs);
}

function column(columns: Record<string, Column>, name: string): Column {
  const found = columns[name];
  if (!found) throw new Error(`No column ${name}; have ${Object.keys(columns).join(', ')}`);
  return found;
}

/** The values of a float32 column; fails if the column has another dtype. */
function floats(c: Column): number[] {
  if (c.dtype !== 'float32') throw new Error(`Expected a float32 column, got ${c.dtype}`);
  expect(c.data).toBeInstanceOf(Float32Array);
  return Array.from(c.data);
}

describe('buildColumns', () => {
  it('makes one column per manifest input, keyed by tensor name', () => {
    const columns = buildColumns(specs, rows);
    expect(Object.keys(columns).sort()).toEqual(specs.map((s) => s.tensor.name).sort());
  });

  it('lays number inputs out as Float32Array columns shaped [n, 1], in row order', () => {
    const age = column(buildColumns(specs, rows), 'Age');
    expect(age.dtype).toBe('float32');
    expect(age.data).toBeInstanceOf(Float32Array);
    expect(age.dims).toEqual([3, 1]);
    expect(floats(age)).toEqual([23, 47, 61]);
  });

  it('stores fractional values at float32 precision', () => {
    const naToK = column(buildColumns(specs, rows), 'Na_to_K');
    expect(floats(naToK)).toEqual([25.355, 13.093, 7.5].map(Math.fround));
  });

  it('lays category inputs out as string[] columns shaped [n, 1], in row order', () => {
    const bp = column(buildColumns(specs, rows), 'BP');
    expect(bp.dtype).toBe('string');
    expect(Array.isArray(bp.data)).toBe(true);
    expect(bp.dims).toEqual([3, 1]);
    expect(bp.data).toEqual(['HIGH', 'LOW', 'NORMAL']);
  });

  it('keys columns by tensor name even when it differs from the input name', () => {
    const renamed: InputSpec[] = [
      { ...numberSpec(manifest, 'Age'), tensor: { name: 'age_years', dtype: 'float32' } },
    ];
    const columns = buildColumns(renamed, rows);
    expect(Object.keys(columns)).toEqual(['age_years']);
    expect(floats(column(columns, 'age_years'))).toEqual([23, 47, 61]);
  });

  it('lays int64 inputs out as BigInt64Array columns, rounding to whole numbers', () => {
    const count: InputSpec = {
      name: 'Visits',
      label: 'Visits',
      description: '',
      type: 'number',
      min: 0,
      max: 10,
      step: 1,
      example: 1,
      tensor: { name: 'visits', dtype: 'int64' },
    };
    const visits = column(
      buildColumns([count], [{ Visits: 2 }, { Visits: 2.6 }, { Visits: 0 }]),
      'visits',
    );
    if (visits.dtype !== 'int64') throw new Error(`Expected an int64 column, got ${visits.dtype}`);
    expect(visits.data).toBeInstanceOf(BigInt64Array);
    expect(visits.dims).toEqual([3, 1]);
    expect(Array.from(visits.data)).toEqual([2n, 3n, 0n]);
  });

  it('gives empty [0, 1] columns for no rows', () => {
    const columns = buildColumns(specs, []);
    for (const spec of specs) {
      const c = column(columns, spec.tensor.name);
      expect(c.dims).toEqual([0, 1]);
      expect(c.data).toHaveLength(0);
    }
  });
});

describe('encodeFeatures (the numeric variant)', () => {
  const features = manifest.model.numeric!.features;

  it('lays rows out as one float32 [N, F] tensor in the manifest layout', () => {
    const encoded = encodeFeatures(features, rows);
    expect(encoded.dtype).toBe('float32');
    expect(encoded.dims).toEqual([rows.length, features.length]);
    expect(encoded.data).toHaveLength(rows.length * features.length);
  });

  it('sets exactly one flag per category input and copies numbers', () => {
    const data = floats(encodeFeatures(features, rows));
    rows.forEach((row, i) => {
      features.forEach((f, j) => {
        const cell = data[i * features.length + j];
        if (f.equals === undefined) expect(cell).toBe(Math.fround(row[f.input] as number));
        else expect(cell).toBe(row[f.input] === f.equals ? 1 : 0);
      });
      for (const input of ['Sex', 'BP', 'Cholesterol']) {
        const flags = features.map((f, j) =>
          f.input === input ? data[i * features.length + j]! : 0,
        );
        expect(flags.reduce((a, b) => a + b, 0)).toBe(1);
      }
    });
  });
});
