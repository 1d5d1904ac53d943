/**
 * The words a result is shown and announced with, per task kind: pure functions of the manifest
 * and the prediction, so that they are tested without a browser.
 */
import {
  classLabel,
  type ClassificationManifest,
  type ModelManifest,
  type RegressionOutputs,
} from '../../manifest/manifest-types';
import { formatProbability, formatShare, formatValue } from '../../format/format';
import { positiveClass } from '../../manifest/outputs';
import type { ClassPrediction, Prediction, ValuePrediction } from '../../runtime/answers';
import { own } from '../../manifest/records';

/** "Sale price" → "sale price" for use mid-sentence; "ROC AUC" stays as it is. */
export function midSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/**
 * What the range around a regression prediction means, in one sentence built from the manifest:
 * "In 5-fold cross-validation, the actual sale price was within this range of the prediction
 * 80 % of the time." Undefined without an interval.
 */
export function rangeSentence(manifest: {
  readonly outputs: RegressionOutputs;
  readonly metrics: { readonly crossValidation?: { readonly folds: number } };
}): string | undefined {
  const interval = manifest.outputs.interval;
  const folds = manifest.metrics.crossValidation?.folds;
  if (!interval || folds === undefined) return undefined;
  return (
    `In ${folds}-fold cross-validation, the actual ${midSentence(manifest.outputs.label)} was ` +
    `within this range of the prediction ${formatShare(interval.coverage)} of the time.`
  );
}

/** The binary headline: the positive class's probability and what it means. */
export function headline(
  manifest: ClassificationManifest,
  p: ClassPrediction,
): { readonly text: string; readonly probability: number } {
  const positive = positiveClass(manifest);
  return {
    text: manifest.outputs.headline ?? `Probability of ${classLabel(manifest, positive)}`,
    probability: own(p.probabilities, positive) ?? 0,
  };
}

/** The range of a regression prediction as words: "between $150,000 and $210,000". */
export function rangeText(outputs: RegressionOutputs, p: ValuePrediction): string | undefined {
  return p.range
    ? `between ${formatValue(outputs, p.range.low)} and ${formatValue(outputs, p.range.high)}`
    : undefined;
}

/** The same words starting a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the live region says about a new prediction, once. */
export function announcement(manifest: ModelManifest, p: Prediction): string {
  if (p.task === 'regression' && manifest.task === 'regression') {
    const range = rangeText(manifest.outputs, p);
    return `${manifest.outputs.label}: ${formatValue(manifest.outputs, p.value)}${range ? `, ${range}` : ''}.`;
  }
  if (p.task === 'regression' || manifest.task === 'regression') return '';
  const predicted = classLabel(manifest, p.label);
  if (manifest.task === 'binary') {
    const { text, probability } = headline(manifest, p);
    return `${text}: ${formatProbability(probability)}. Predicted: ${predicted}.`;
  }
  return `Prediction: ${predicted}, ${formatProbability(own(p.probabilities, p.label) ?? 0)}.`;
}
