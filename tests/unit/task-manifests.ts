// Hand-made binary and regression manifests for unit tests that need a task's shape but not a
// model: the drug manifest's inputs, with new outputs (and, for regression, two optional inputs).
import type {
  ClassificationManifest,
  InputSpec,
  RegressionManifest,
} from '../../src/manifest/manifest-types';
import { realManifest } from './helpers';

/** A binary model over the drug inputs: classes "0"/"1", "1" the headline. */
export function binaryManifest(): ClassificationManifest {
  const drug = realManifest();
  return {
    ...drug,
    id: 'attrition',
    task: 'binary',
    outputs: {
      ...drug.outputs,
      classes: ['0', '1'],
      classLabels: { '0': 'Stays', '1': 'Leaves' },
      positive: '1',
      headline: 'Probability of leaving',
    },
  };
}

/** BP and Na_to_K optional, with the values the pipeline would impute for them. */
function optionalInputs(inputs: readonly InputSpec[]): InputSpec[] {
  return inputs.map((spec): InputSpec => {
    if (spec.name === 'BP' && spec.type === 'category')
      return { ...spec, optional: true, missing: { value: 'HIGH', strategy: 'most_frequent' } };
    if (spec.name === 'Na_to_K' && spec.type === 'number')
      return { ...spec, optional: true, missing: { value: 13.9, strategy: 'median' } };
    return spec;
  });
}

/** A regression model over the drug inputs: a price in whole dollars with an 80 % range. */
export function regressionManifest(): RegressionManifest {
  const drug = realManifest();
  return {
    ...drug,
    id: 'prices',
    task: 'regression',
    inputs: optionalInputs(drug.inputs),
    outputs: {
      value: { name: 'variable', dtype: 'float32' },
      label: 'Sale price',
      format: { style: 'currency', currency: 'USD', maximumFractionDigits: 0 },
      interval: {
        kind: 'ratio',
        lower: 0.85,
        upper: 1.15,
        coverage: 0.8,
        method: 'The 10th and 90th percentiles of out-of-fold ratios of true to predicted price.',
      },
    },
  };
}
