import { describe, expect, it } from 'vitest';
import {
  assumedValue,
  missingHint,
  trainingRange,
} from '../../src/components/formcast-field/describe-input';
import { formatInputNumber } from '../../src/format/format';
import type { CategoryInputSpec, NumberInputSpec } from '../../src/manifest/manifest-types';
import { categorySpec, numberSpec, realManifest } from './helpers';

const drug = realManifest();
const age = numberSpec(drug, 'Age');
const bp = categorySpec(drug, 'BP');

const area: NumberInputSpec = {
  ...age,
  name: 'area',
  unit: 'sq ft',
  min: 1300,
  max: 215245,
  example: null,
  optional: true,
  missing: { value: 9478.5, strategy: 'median' },
};

const price: NumberInputSpec = {
  ...age,
  unit: undefined,
  min: 34900,
  max: 755000,
  format: { style: 'currency', currency: 'USD', maximumFractionDigits: 0 },
};

const share: NumberInputSpec = {
  ...age,
  unit: undefined,
  min: 0.09,
  max: 1,
  format: { style: 'percent' },
};

const quality: CategoryInputSpec = {
  ...bp,
  optional: true,
  example: null,
  missing: { value: 'LOW', strategy: 'constant', description: 'Most houses have none' },
};

const fmt = (n: number, options: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat(undefined, options).format(n);

describe('formatInputNumber', () => {
  it('shows a number without a format as typed, without grouping, with its unit', () => {
    expect(formatInputNumber(area, 9478.5)).toBe('9478.5 sq ft');
    expect(formatInputNumber({ ...area, unit: undefined }, 1973)).toBe('1973');
  });

  it('rounds away float noise to 4 decimals', () => {
    expect(formatInputNumber(age, 0.1 + 0.2)).toBe('0.3 years');
  });

  it('uses the input format, without repeating a currency as a unit', () => {
    expect(formatInputNumber({ ...price, unit: 'USD' }, 163000)).toBe(
      fmt(163000, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
    );
  });
});

describe('trainingRange', () => {
  it('is unchanged for inputs without a format', () => {
    expect(trainingRange(age)).toBe('15–74 years');
  });

  it('formats both ends with the input format', () => {
    const usd = { style: 'currency', currency: 'USD', maximumFractionDigits: 0 } as const;
    expect(trainingRange(price)).toBe(`${fmt(34900, usd)}–${fmt(755000, usd)}`);
  });

  it('says what to type when the format shows percentages', () => {
    const pct = { style: 'percent', maximumFractionDigits: 1 } as const;
    expect(trainingRange(share)).toBe(`${fmt(0.09, pct)}–${fmt(1, pct)} (enter 0.09–1)`);
  });
});

describe('assumedValue and missingHint', () => {
  it('say nothing for a required input', () => {
    expect(assumedValue(age)).toBeUndefined();
    expect(missingHint(bp)).toBeUndefined();
  });

  it('name the imputed number and how it was chosen', () => {
    expect(assumedValue(area)).toBe('9478.5 sq ft (the median in training)');
    expect(missingHint(area)).toBe(
      'If left empty, the model uses 9478.5 sq ft (the median in training).',
    );
  });

  it('name a category by its readable label', () => {
    expect(assumedValue(quality)).toBe('Low');
  });

  it('prefer the manifest description, as a sentence, to the generated words', () => {
    expect(missingHint(quality)).toBe('Most houses have none.');
    const described = { ...area, missing: { ...area.missing!, description: 'Uses 9,478.5.' } };
    expect(missingHint(described)).toBe('Uses 9,478.5.');
  });

  it('say that a number the model takes as missing has no value', () => {
    const native = { ...area, missing: { value: null, strategy: 'model' } };
    expect(assumedValue(native)).toBe(
      'no value: the model handles a missing value as it learned in training',
    );
    expect(missingHint(native)).toBe(
      'If left empty, the model uses no value: the model handles a missing value as it learned in training.',
    );
  });

  it('show the most common value as such', () => {
    const common = { ...quality, missing: { value: 'HIGH', strategy: 'most_frequent' } };
    expect(missingHint(common)).toBe(
      'If left empty, the model uses High (the most common value in training).',
    );
  });
});
