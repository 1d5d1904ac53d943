import { describe, expect, it } from 'vitest';
import { metricName, metricValue } from '../../src/components/formcast-model-card/describe-metrics';
import type { Metric } from '../../src/manifest/manifest-types';

const metric = (m: Partial<Metric>): Metric => ({
  metric: 'x',
  mean: 0.5,
  std: 0.1,
  scores: [],
  ...m,
});

describe('metricValue', () => {
  it('shows an unformatted 0–1 score and its spread with 3 decimals', () => {
    expect(metricValue(metric({ mean: 0.99, std: 0.02 }))).toBe('0.990 ± 0.020');
    expect(metricValue(metric({ mean: 0.98765, std: 0.0012 }))).toBe('0.988 ± 0.001');
  });

  it('keeps 3 decimals for small errors such as the RMSE of a log', () => {
    expect(metricValue(metric({ mean: 0.1321, std: 0.0104 }))).toBe('0.132 ± 0.010');
  });

  it('rounds large values to one decimal, spread included', () => {
    const n = (v: number) =>
      new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(v);
    expect(metricValue(metric({ mean: 15234.56, std: 8.123 }))).toBe(
      `${n(15234.56)} ± ${n(8.123)}`,
    );
  });

  it('uses the metric format when it has one', () => {
    const usd = { style: 'currency', currency: 'USD', maximumFractionDigits: 0 } as const;
    const f = new Intl.NumberFormat(undefined, usd);
    expect(metricValue(metric({ mean: 15234.56, std: 812.4, format: usd }))).toBe(
      `${f.format(15234.56)} ± ${f.format(812.4)}`,
    );
  });

  it('keeps the format’s digits on both numbers, trailing zeros included', () => {
    const format = { style: 'decimal', maximumFractionDigits: 3 } as const;
    expect(metricValue(metric({ mean: 0.13418, std: 0.01956, format }))).toBe('0.134 ± 0.020');
  });
});

describe('metricName', () => {
  it('prefers the readable label, else the machine name', () => {
    expect(metricName(metric({ metric: 'roc_auc', label: 'ROC AUC' }))).toBe('ROC AUC');
    expect(metricName(metric({ metric: 'accuracy' }))).toBe('accuracy');
  });
});
