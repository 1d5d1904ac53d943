/** The words the model card measures a model with. Pure, so tested without a browser. */
import type { Metric, NumberFormat } from '../../manifest/manifest-types';
import { formatNumber } from '../../manifest/outputs';

const ONE_DECIMAL: NumberFormat = { maximumFractionDigits: 1 };

/**
 * A metric value in the metric's own format, trailing zeros kept. Without one: 3 decimals for small values (accuracy,
 * ROC AUC, RMSE of a log: scores between 0 and a few units), else at most one decimal, grouped.
 * Mean and spread share one choice, made on the mean, so they line up.
 */
export function metricFormatter(m: Metric): (value: number) => string {
  if (m.format) {
    // Mean and spread with as many digits each ("0.134 ± 0.020", not "0.134 ± 0.02").
    const digits = m.format.minimumFractionDigits ?? m.format.maximumFractionDigits;
    const format: NumberFormat = { ...m.format, minimumFractionDigits: digits };
    return (v) => formatNumber(v, format);
  }
  if (Math.abs(m.mean) < 10) return (v) => v.toFixed(3);
  return (v) => formatNumber(v, ONE_DECIMAL);
}

/** "0.990 ± 0.020": the cross-validation mean and standard deviation. */
export function metricValue(m: Metric): string {
  const format = metricFormatter(m);
  return `${format(m.mean)} ± ${format(m.std)}`;
}

/** The metric's readable name, else its machine name. */
export function metricName(m: Metric): string {
  return m.label ?? m.metric;
}
