/**
 * TypeScript view of schema/manifest.schema.json. The schema is the source of truth: the loader
 * validates every manifest against it before these types are trusted.
 */

import { own } from './records';

export type TensorDtype = 'float32' | 'int64' | 'string';

/** What a model predicts: one of several classes, one of two (with a headline class), a number. */
export type TaskKind = 'classification' | 'binary' | 'regression';

/** How to display a number: the subset of Intl.NumberFormat options a manifest may set. */
export interface NumberFormat {
  readonly style?: 'decimal' | 'percent' | 'currency';
  /** ISO 4217 code; required with style "currency". */
  readonly currency?: string;
  readonly minimumFractionDigits?: number;
  readonly maximumFractionDigits?: number;
}

/**
 * What the pipeline uses for an optional input left empty (its fitted imputer's value). A number
 * input's value may be null: the model itself takes the empty field as missing (NaN), as tree
 * ensembles such as HistGradientBoosting, LightGBM and XGBoost learn to.
 */
export interface MissingValue<T extends number | string | null> {
  readonly value: T;
  /** How the value was chosen, e.g. "median" or "most_frequent". */
  readonly strategy: string;
  readonly description?: string;
}

export interface TensorSpec {
  readonly name: string;
  readonly dtype: TensorDtype;
}

interface InputSpecBase {
  /** Column name in the data, the URL and CSV files. */
  readonly name: string;
  /** Readable name shown next to the field. */
  readonly label: string;
  readonly description: string;
  readonly tensor: TensorSpec;
  /** The user may leave the field empty; the model then uses `missing.value`. */
  readonly optional?: boolean;
}

export interface NumberInputSpec extends InputSpecBase {
  readonly type: 'number';
  /** Smallest value seen in training. */
  readonly min: number;
  /** Largest value seen in training. */
  readonly max: number;
  readonly step: number;
  readonly unit?: string;
  /** How to display values of this input (the field itself takes plain numbers). */
  readonly format?: NumberFormat;
  /** Value the form starts with; null (optional inputs only) starts it empty. */
  readonly example: number | null;
  /** Present exactly when the input is optional. */
  readonly missing?: MissingValue<number | null>;
}

export interface CategoryInputSpec extends InputSpecBase {
  readonly type: 'category';
  /** Allowed values, in the encoder's order. */
  readonly categories: readonly string[];
  readonly categoryLabels?: Readonly<Record<string, string>>;
  /** Value the form starts with; null (optional inputs only) starts it empty. */
  readonly example: string | null;
  /** Present exactly when the input is optional. */
  readonly missing?: MissingValue<string>;
}

export type InputSpec = NumberInputSpec | CategoryInputSpec;

/** One column of the numeric model's input: a number input as is, or a category's flag. */
export interface NumericFeature {
  readonly input: string;
  /** When set, the column is 1 if the input equals this category, else 0. */
  readonly equals?: string;
}

export interface NumericModelSpec {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly opset: Readonly<Record<string, number>>;
  readonly input: TensorSpec;
  readonly features: readonly NumericFeature[];
}

/** A cross-validated measure of the model, per fold. */
export interface Metric {
  /** Machine name, e.g. "roc_auc", "rmse_log". */
  readonly metric: string;
  /** Readable name, e.g. "ROC AUC". Absent only on older manifests' primary metric. */
  readonly label?: string;
  readonly mean: number;
  readonly std: number;
  readonly scores: readonly number[];
  readonly format?: NumberFormat;
  readonly description?: string;
}

export interface CrossValidation extends Metric {
  readonly method: string;
  readonly folds: number;
  readonly shuffle: boolean;
  readonly seed: number;
}

/** Outputs of a classification or binary model. */
export interface ClassOutputs {
  readonly label: TensorSpec;
  readonly probabilities: TensorSpec;
  /** Class labels in the probability tensor's column order (int64 labels as decimal strings). */
  readonly classes: readonly string[];
  readonly classLabels?: Readonly<Record<string, string>>;
  /** Binary: the class whose probability is the headline. */
  readonly positive?: string;
  /** Binary: what the headline probability means, e.g. "Probability of leaving". */
  readonly headline?: string;
}

/** Range around a regression prediction, from cross-validation residuals. */
export interface PredictionInterval {
  /** ratio: [value × lower, value × upper]; offset: [value + lower, value + upper]. */
  readonly kind: 'ratio' | 'offset';
  readonly lower: number;
  readonly upper: number;
  /** Share of out-of-fold predictions whose true value fell inside the range. */
  readonly coverage: number;
  /** One sentence on how the range was derived. */
  readonly method: string;
}

/** Outputs of a regression model. */
export interface RegressionOutputs {
  /** The predicted number, [N, 1], on the target's own scale. */
  readonly value: TensorSpec;
  /** What the number is, e.g. "Sale price". */
  readonly label: string;
  readonly unit?: string;
  readonly format?: NumberFormat;
  readonly interval?: PredictionInterval;
}

interface ManifestBase {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly version: string;
  readonly createdAt: string;
  readonly model: {
    readonly file: string;
    readonly sha256: string;
    readonly bytes: number;
    readonly opset: Readonly<Record<string, number>>;
    /** The same model on one float32 tensor; preferred when present (no string tensors). */
    readonly numeric?: NumericModelSpec;
  };
  readonly inputs: readonly InputSpec[];
  readonly metrics: {
    /** The metric the model was accepted on; absent when no metric was measured. */
    readonly crossValidation?: CrossValidation;
    /** Why no metric was measured (exported without its target column); set instead of it. */
    readonly notMeasured?: string;
    readonly others?: readonly Metric[];
    /** Classification and binary: training rows per class. */
    readonly classCounts?: Readonly<Record<string, number>>;
    /** Regression: the target's spread in the training data. */
    readonly target?: { readonly min: number; readonly median: number; readonly max: number };
  };
  readonly training: {
    readonly data: {
      readonly file: string;
      readonly sha256: string;
      readonly rows: number;
      readonly source: string;
      readonly licence: string;
    };
    readonly estimator: string;
    readonly seed: number;
    readonly libraries: Readonly<Record<string, string>>;
    readonly tree?: {
      /** The tree's structure (see src/explain/tree-types.ts), in the model directory. */
      readonly file?: string;
      readonly depth?: number;
      readonly leaves?: number;
      readonly thresholds?: readonly { readonly input: string; readonly value: number }[];
    };
  };
  readonly intendedUse: string;
  readonly limitations: readonly string[];
  /** Classification: absolute tolerance per probability; regression: relative to the value. */
  readonly golden: { readonly file: string; readonly rows: number; readonly tolerance: number };
}

export interface ClassificationManifest extends ManifestBase {
  readonly task: 'classification' | 'binary';
  readonly outputs: ClassOutputs;
}

export interface RegressionManifest extends ManifestBase {
  readonly task: 'regression';
  readonly outputs: RegressionOutputs;
}

export type ModelManifest = ClassificationManifest | RegressionManifest;

export function isRegression(manifest: ModelManifest): manifest is RegressionManifest {
  return manifest.task === 'regression';
}

/** Readable name of a category value, falling back to the value itself. */
export function categoryLabel(spec: CategoryInputSpec, value: string): string {
  return own(spec.categoryLabels, value) ?? value;
}

/** Readable name of a class label, falling back to the label itself. */
export function classLabel(manifest: ClassificationManifest, label: string): string {
  return own(manifest.outputs.classLabels, label) ?? label;
}
