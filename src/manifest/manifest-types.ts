/**
 * TypeScript view of schema/manifest.schema.json. The schema is the source of truth: the loader
 * validates every manifest against it before these types are trusted.
 */

export type TensorDtype = 'float32' | 'int64' | 'string';

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
}

export interface NumberInputSpec extends InputSpecBase {
  readonly type: 'number';
  /** Smallest value seen in training. */
  readonly min: number;
  /** Largest value seen in training. */
  readonly max: number;
  readonly step: number;
  readonly unit?: string;
  readonly example: number;
}

export interface CategoryInputSpec extends InputSpecBase {
  readonly type: 'category';
  /** Allowed values, in the encoder's order. */
  readonly categories: readonly string[];
  readonly categoryLabels?: Readonly<Record<string, string>>;
  readonly example: string;
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

export interface CrossValidation {
  readonly method: string;
  readonly folds: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly metric: string;
  readonly mean: number;
  readonly std: number;
  readonly scores: readonly number[];
}

export interface ModelManifest {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly task: 'classification';
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
  readonly outputs: {
    readonly label: TensorSpec;
    readonly probabilities: TensorSpec;
    readonly classes: readonly string[];
    readonly classLabels?: Readonly<Record<string, string>>;
  };
  readonly metrics: {
    readonly crossValidation: CrossValidation;
    readonly classCounts: Readonly<Record<string, number>>;
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
  readonly golden: { readonly file: string; readonly rows: number; readonly tolerance: number };
}

/** Readable name of a category value, falling back to the value itself. */
export function categoryLabel(spec: CategoryInputSpec, value: string): string {
  return spec.categoryLabels?.[value] ?? value;
}

/** Readable name of a class label, falling back to the label itself. */
export function classLabel(manifest: ModelManifest, label: string): string {
  return manifest.outputs.classLabels?.[label] ?? label;
}
