import type {
  ClassificationManifest,
  PredictionInterval,
  RegressionOutputs,
} from './manifest-types';

/** A regression prediction's range, with the share of cross-validation cases it held. */
export interface ValueRange {
  readonly low: number;
  readonly high: number;
  readonly coverage: number;
}

/** The range the manifest's cross-validation interval puts around `value`, if it has one. */
export function valueRange(outputs: RegressionOutputs, value: number): ValueRange | undefined {
  const interval: PredictionInterval | undefined = outputs.interval;
  if (!interval) return undefined;
  const [a, b] =
    interval.kind === 'ratio'
      ? [value * interval.lower, value * interval.upper]
      : [value + interval.lower, value + interval.upper];
  // A ratio range around a negative value comes out reversed.
  return { low: Math.min(a, b), high: Math.max(a, b), coverage: interval.coverage };
}

/**
 * The class whose probability a binary model headlines (`outputs.positive`), else the last class
 * (scikit-learn's convention for the positive class of 0/1 targets).
 */
export function positiveClass(manifest: ClassificationManifest): string {
  const { positive, classes } = manifest.outputs;
  return positive ?? classes[classes.length - 1]!;
}
