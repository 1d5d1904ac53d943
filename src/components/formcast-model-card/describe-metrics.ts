/** The words the model card measures a model with. Pure, so tested without a browser. */
import { metricFormatter } from '../../format/format';
import type { Metric } from '../../manifest/manifest-types';

/** "0.990 ± 0.020": the cross-validation mean and standard deviation. */
export function metricValue(m: Metric): string {
  const format = metricFormatter(m);
  return `${format(m.mean)} ± ${format(m.std)}`;
}

/** The metric's readable name, else its machine name. */
export function metricName(m: Metric): string {
  return m.label ?? m.metric;
}
