// The manifest features issue 7 added (binary and regression tasks, optional inputs), checked on
// hand-edited copies of the drug manifest so these tests do not depend on the other models.
import { describe, expect, it } from 'vitest';
import {
  predictionCells,
  predictionColumnLabels,
  predictionColumns,
} from '../../src/csv/write-csv';
import { ErrorCode, FormcastError } from '../../src/errors';
import { validateInputs } from '../../src/inputs/validate-inputs';
import type { ModelManifest, RegressionManifest } from '../../src/manifest/manifest-types';
import { formatNumber } from '../../src/format/format';
import { positiveClass, valueRange } from '../../src/manifest/outputs';
import { parseManifest } from '../../src/manifest/parse-manifest';
import { buildColumns, columnsOf, encodeFeatures } from '../../src/runtime/feeds';
import { readManifestJson } from './helpers';

type Json = Record<string, unknown> & { inputs: Record<string, unknown>[] };

/** The drug manifest's JSON with `edit` applied. */
function drugJson(edit: (m: Json) => void = () => {}): Json {
  const m = readManifestJson() as Json;
  edit(m);
  return m;
}

/** The drug manifest turned into a regression one (same inputs, one float output). */
function regressionJson(edit: (m: Json) => void = () => {}): Json {
  return drugJson((m) => {
    m.task = 'regression';
    m.outputs = {
      value: { name: 'variable', dtype: 'float32' },
      label: 'Dose',
      format: { style: 'currency', currency: 'USD', maximumFractionDigits: 0 },
      interval: { kind: 'ratio', lower: 0.9, upper: 1.2, coverage: 0.8, method: 'Out-of-fold.' },
    };
    const metrics = m.metrics as Record<string, unknown>;
    delete metrics.classCounts;
    metrics.target = { min: 1, median: 5, max: 9 };
    edit(m);
  });
}

/** Makes Age optional with `missing` (the pipeline's median) and Sex optional too. */
function withOptional(m: Json): void {
  Object.assign(m.inputs[0]!, {
    optional: true,
    missing: { value: 44, strategy: 'median' },
    example: null,
  });
  Object.assign(m.inputs[1]!, {
    optional: true,
    missing: { value: 'M', strategy: 'most_frequent' },
  });
}

function rejection(value: unknown): FormcastError {
  try {
    parseManifest(value);
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    expect((error as FormcastError).code).toBe(ErrorCode.ManifestInvalid);
    return error as FormcastError;
  }
  throw new Error('parseManifest accepted an invalid manifest');
}

describe('manifest task kinds', () => {
  it('accepts a regression manifest and narrows it with its task', () => {
    const manifest: ModelManifest = parseManifest(regressionJson());
    expect(manifest.task).toBe('regression');
  });

  it.each<[string, (m: Json) => void, RegExp]>([
    ['regression outputs without a value tensor', (m) => delete (m.outputs as Json).value, /value/],
    [
      'a regression manifest without target figures',
      (m) => delete (m.metrics as Json).target,
      /target/,
    ],
    ['class outputs on a regression manifest', (m) => (m.outputs = drugJson().outputs), /outputs/],
    [
      'an int64 value tensor',
      (m) => ((m.outputs as Json).value = { name: 'variable', dtype: 'int64' }),
      /value tensor must be float32/,
    ],
    [
      'a range whose lower end is above its upper end',
      (m) => Object.assign((m.outputs as Json).interval as Json, { lower: 1.3 }),
      /interval lower 1.3 > upper 1.2/,
    ],
    [
      'a currency format without a currency',
      (m) => ((m.outputs as Json).format = { style: 'currency' }),
      /currency/,
    ],
  ])('refuses %s', (_what, edit, message) => {
    expect(rejection(regressionJson(edit)).message).toMatch(message);
  });

  it('requires a binary manifest to name its positive class and headline', () => {
    const binary = drugJson((m) => {
      m.task = 'binary';
      (m.outputs as Json).classes = ['DrugY', 'drugA'];
    });
    expect(rejection(binary).message).toMatch(/positive/);
    Object.assign(binary.outputs as Json, { positive: 'drugA', headline: 'Probability of A' });
    expect(parseManifest(binary).task).toBe('binary');
    (binary.outputs as Json).positive = 'drugQ';
    expect(rejection(binary).message).toMatch(/positive class "drugQ" is not one of DrugY, drugA/);
  });

  it('refuses a binary manifest with more than two classes', () => {
    const three = drugJson((m) => {
      m.task = 'binary';
      Object.assign(m.outputs as Json, { positive: 'drugA', headline: 'P' });
    });
    expect(rejection(three).message).toMatch(/classes/);
  });
});

describe('optional inputs in the manifest', () => {
  it('accepts optional inputs with their imputed value, starting empty when example is null', () => {
    const manifest = parseManifest(drugJson(withOptional));
    expect(manifest.inputs[0]).toMatchObject({ optional: true, example: null });
  });

  it.each<[string, (m: Json) => void, RegExp]>([
    [
      'an optional input without its missing value',
      (m) => Object.assign(m.inputs[0]!, { optional: true }),
      /missing/,
    ],
    [
      'a missing value on a required input',
      (m) => Object.assign(m.inputs[0]!, { missing: { value: 1, strategy: 'median' } }),
      /input "Age" has a missing value but is not optional/,
    ],
    [
      'a null example on a required input',
      (m) => Object.assign(m.inputs[0]!, { example: null }),
      /example/,
    ],
    [
      'a category missing value that is not a category',
      (m) =>
        Object.assign(m.inputs[1]!, {
          optional: true,
          missing: { value: 'X', strategy: 'most_frequent' },
        }),
      /input "Sex" missing value "X" is not one of F, M/,
    ],
    [
      'a number missing value on a category input',
      (m) =>
        Object.assign(m.inputs[1]!, { optional: true, missing: { value: 3, strategy: 'median' } }),
      /inputs\/1/,
    ],
    [
      'an optional number input feeding an int64 tensor (no NaN to mark it empty)',
      (m) => {
        withOptional(m);
        (m.inputs[0]!.tensor as Json).dtype = 'int64';
        delete (m.model as Json).numeric;
      },
      /optional number input "Age" needs a float32 tensor/,
    ],
  ])('refuses %s', (_what, edit, message) => {
    expect(rejection(drugJson(edit)).message).toMatch(message);
  });
});

describe('validating optional inputs', () => {
  const manifest = parseManifest(drugJson(withOptional));

  it('turns an empty optional field into null, whatever spelling of empty', () => {
    for (const empty of [undefined, null, '', '  ']) {
      const result = validateInputs(manifest.inputs, {
        Age: empty,
        Sex: empty,
        BP: 'LOW',
        Cholesterol: 'HIGH',
        Na_to_K: '20',
      });
      expect(result.ok, String(empty)).toBe(true);
      if (result.ok) expect(result.values).toMatchObject({ Age: null, Sex: null, BP: 'LOW' });
    }
  });

  it('still checks a filled optional field, and still requires the required ones', () => {
    const result = validateInputs(manifest.inputs, { Age: 'abc', Sex: 'X', BP: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'Age:not-a-number',
      'Sex:unknown-category',
      'BP:missing',
      'Cholesterol:missing',
      'Na_to_K:missing',
    ]);
  });
});

describe('feeding empty optional inputs', () => {
  const manifest = parseManifest(drugJson(withOptional));
  const rows = [
    { Age: null, Sex: null, BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 },
    { Age: 30, Sex: 'F', BP: 'HIGH', Cholesterol: 'NORMAL', Na_to_K: 10 },
  ];

  it('gives the full model NaN for an empty number and "" for an empty category (its imputers replace them)', () => {
    const columns = buildColumns(manifest.inputs, columnsOf(manifest.inputs, rows));
    expect(Array.from(columns.Age!.data as Float32Array)).toEqual([NaN, 30]);
    expect(columns.Sex!.data).toEqual(['', 'F']);
  });

  it('gives the numeric variant the imputed values the pipeline would have used', () => {
    const features = manifest.model.numeric!.features;
    const tensor = encodeFeatures(features, columnsOf(manifest.inputs, rows), manifest.inputs);
    const width = features.length;
    const row0 = Array.from(tensor.data as Float32Array).slice(0, width);
    const at = (input: string, equals?: string) =>
      features.findIndex((f) => f.input === input && f.equals === equals);
    expect(row0[at('Age')]).toBe(44);
    expect(row0[at('Sex', 'M')]).toBe(1);
    expect(row0[at('Sex', 'F')]).toBe(0);
    expect(row0[at('Na_to_K')]).toBe(20);
  });
});

describe('regression outputs', () => {
  const manifest = parseManifest(regressionJson()) as RegressionManifest;

  it('puts the cross-validation range around a value (ratio and offset)', () => {
    expect(valueRange(manifest.outputs, 100)).toEqual({ low: 90, high: 120, coverage: 0.8 });
    const offset = {
      ...manifest.outputs,
      interval: { ...manifest.outputs.interval!, kind: 'offset' as const, lower: -5, upper: 7 },
    };
    expect(valueRange(offset, 100)).toEqual({ low: 95, high: 107, coverage: 0.8 });
    expect(valueRange({ ...manifest.outputs, interval: undefined }, 100)).toBeUndefined();
  });

  it('writes CSV columns for the value and its range, and empty cells for a failed row', () => {
    expect(predictionColumns(manifest)).toEqual([
      'predicted_value',
      'range_low',
      'range_high',
      'error',
    ]);
    expect(predictionColumnLabels(manifest)).toEqual([
      'Dose',
      '80 % range: low',
      '80 % range: high',
      'Error',
    ]);
    expect(predictionCells(manifest, { value: 200_000 })).toEqual([
      '200000',
      '180000',
      '240000',
      '',
    ]);
    expect(predictionCells(manifest, { error: 'Age: missing' })).toEqual([
      '',
      '',
      '',
      'Age: missing',
    ]);
  });

  it('formats values as the manifest asks', () => {
    expect(formatNumber(181_234.4, manifest.outputs.format)).toMatch(/^\$181,234$/);
    expect(formatNumber(0.25, { style: 'percent' })).toMatch(/^25\s?%$/);
    expect(formatNumber(14.82849, undefined)).toMatch(/^14\.8285$/);
    expect(formatNumber(1975, undefined)).toBe('1975');
    expect(formatNumber(9478.5, { style: 'decimal' })).toBe('9,478.5');
  });
});

describe('positiveClass', () => {
  it('is the manifest positive class, else the last class', () => {
    const drug = parseManifest(drugJson());
    if (drug.task === 'regression') throw new Error('unexpected');
    expect(positiveClass(drug)).toBe('drugX');
    expect(positiveClass({ ...drug, outputs: { ...drug.outputs, positive: 'drugA' } })).toBe(
      'drugA',
    );
  });
});
