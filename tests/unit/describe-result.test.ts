import { describe, expect, it } from 'vitest';
import {
  announcement,
  headline,
  midSentence,
  rangeSentence,
  rangeText,
} from '../../src/components/formcast-result/describe-result';
import { formatShare, formatValue } from '../../src/format/format';
import type {
  ClassificationManifest,
  RegressionManifest,
  RegressionOutputs,
} from '../../src/manifest/manifest-types';
import type { ClassPrediction, ValuePrediction } from '../../src/runtime/answers';
import { realManifest } from './helpers';

const drug = realManifest();

/** A binary manifest shaped like the HR model's, on the drug manifest's other parts. */
const binary: ClassificationManifest = {
  ...drug,
  task: 'binary',
  outputs: {
    ...drug.outputs,
    classes: ['0', '1'],
    classLabels: { '0': 'Stays', '1': 'Leaves' },
    positive: '1',
    headline: 'Probability of leaving',
  },
};

const priceOutputs: RegressionOutputs = {
  value: { name: 'value', dtype: 'float32' },
  label: 'Sale price',
  format: { style: 'currency', currency: 'USD', maximumFractionDigits: 0 },
  interval: { kind: 'ratio', lower: 0.9, upper: 1.1, coverage: 0.8, method: 'Quantiles.' },
};

const regression: RegressionManifest = {
  ...drug,
  task: 'regression',
  outputs: priceOutputs,
  metrics: {
    crossValidation: { ...drug.metrics.crossValidation!, folds: 5 },
    target: { min: 1, median: 2, max: 3 },
  },
};

const base = { inputs: {}, warnings: [], modelId: 'm', modelVersion: '1' };

function classPrediction(
  task: ClassPrediction['task'],
  label: string,
  probabilities: Record<string, number>,
): ClassPrediction {
  const ranked = Object.entries(probabilities)
    .map(([l, probability]) => ({ label: l, probability }))
    .sort((a, b) => b.probability - a.probability);
  return { task, label, probabilities, ranked, ...base };
}

const usd = (n: number) =>
  new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(n);

describe('midSentence', () => {
  it('lower-cases a capitalised first word', () => {
    expect(midSentence('Sale price')).toBe('sale price');
  });
  it('leaves acronyms and lower-case labels alone', () => {
    expect(midSentence('ROC AUC')).toBe('ROC AUC');
    expect(midSentence('price')).toBe('price');
  });
});

describe('formatShare', () => {
  it('shows a share as a whole percentage', () => {
    expect(formatShare(0.8)).toBe('80 %');
    expect(formatShare(0.955)).toBe('96 %');
  });
});

describe('formatValue', () => {
  it('uses the output format', () => {
    expect(formatValue(priceOutputs, 181234.4)).toBe(usd(181234));
  });
  it('adds a unit that is not a currency', () => {
    const outputs = { ...priceOutputs, format: undefined, unit: 'kWh' };
    expect(formatValue(outputs, 12.5)).toMatch(/^12[.,]5 kWh$/);
  });
  it('does not repeat a currency as a unit', () => {
    expect(formatValue({ ...priceOutputs, unit: 'USD' }, 100)).toBe(usd(100));
  });
});

describe('rangeText and rangeSentence', () => {
  const p: ValuePrediction = {
    task: 'regression',
    value: 200000,
    range: { low: 180000, high: 220000, coverage: 0.8 },
    ...base,
  };

  it('says the range between its formatted bounds', () => {
    expect(rangeText(priceOutputs, p)).toBe(`between ${usd(180000)} and ${usd(220000)}`);
  });

  it('is undefined for a prediction without a range', () => {
    expect(rangeText(priceOutputs, { ...p, range: undefined })).toBeUndefined();
  });

  it('explains the range from the folds, the coverage and the output label', () => {
    expect(rangeSentence(regression)).toBe(
      'In 5-fold cross-validation, the actual sale price was within this range of the prediction 80 % of the time.',
    );
  });

  it('has nothing to explain without an interval', () => {
    const outputs = { ...priceOutputs, interval: undefined };
    expect(rangeSentence({ ...regression, outputs })).toBeUndefined();
  });
});

describe('headline', () => {
  it('is the positive class probability under the manifest headline', () => {
    const p = classPrediction('binary', '0', { '0': 0.7, '1': 0.3 });
    expect(headline(binary, p)).toEqual({ text: 'Probability of leaving', probability: 0.3 });
  });

  it('falls back to the last class and its readable name', () => {
    const outputs = { ...binary.outputs, positive: undefined, headline: undefined };
    const p = classPrediction('binary', '1', { '0': 0.2, '1': 0.8 });
    expect(headline({ ...binary, outputs }, p)).toEqual({
      text: 'Probability of Leaves',
      probability: 0.8,
    });
  });
});

describe('announcement', () => {
  it('names the class and its probability for classification (as before)', () => {
    const p = classPrediction('classification', 'drugA', { drugA: 0.75, DrugY: 0.25 });
    expect(announcement(drug, p)).toBe('Prediction: Drug A, 75.0 %.');
  });

  it('leads with the headline probability for binary, then the readable class', () => {
    const p = classPrediction('binary', '0', { '0': 0.877, '1': 0.123 });
    expect(announcement(binary, p)).toBe('Probability of leaving: 12.3 %. Predicted: Stays.');
  });

  it('says the value and its range for regression', () => {
    const p: ValuePrediction = {
      task: 'regression',
      value: 200000,
      range: { low: 180000, high: 220000, coverage: 0.8 },
      ...base,
    };
    expect(announcement(regression, p)).toBe(
      `Sale price: ${usd(200000)}, between ${usd(180000)} and ${usd(220000)}.`,
    );
  });
});
