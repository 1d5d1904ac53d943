import type {
  ClassificationManifest,
  NumberFormat,
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

// Keyed by the manifest's own format objects, which live as long as the manifest: no key to
// build per call (charts and tables format hundreds of numbers per keystroke).
const formatters = new WeakMap<NumberFormat, Intl.NumberFormat>();
const NO_FORMAT: NumberFormat = {};

/**
 * A number as the manifest asks it to be shown (currency, percent, digits), in the page's
 * locale. Without a format: up to 4 decimals and no grouping, so that a year reads 1975, not
 * 1,975 (a manifest that wants grouping says `{"style": "decimal"}`).
 */
export function formatNumber(value: number, format: NumberFormat | undefined): string {
  if (!Number.isFinite(value)) return String(value);
  const key = format ?? NO_FORMAT;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(undefined, {
      maximumFractionDigits: format?.style === 'percent' ? 1 : 4,
      useGrouping: format !== undefined,
      ...format,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}

/**
 * The class whose probability a binary model headlines (`outputs.positive`), else the last class
 * (scikit-learn's convention for the positive class of 0/1 targets).
 */
export function positiveClass(manifest: ClassificationManifest): string {
  const { positive, classes } = manifest.outputs;
  return positive ?? classes[classes.length - 1]!;
}
