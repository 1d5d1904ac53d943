/**
 * The contract between the page and the predictor worker: types only, no code, so importing it
 * from either side never drags the other side's modules along.
 */
import type { BatchPrediction, BatchProgress, BatchResult } from '../batch/batch-types';
import type { InputWarning, ModelValues, RawValues } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import type { ValueRange } from '../manifest/outputs';

export type { BatchPrediction, BatchProgress, BatchResult };

export interface ByteProgress {
  readonly loaded: number;
  /** Null when the server did not say (no Content-Length, or a compressed body). */
  readonly total: number | null;
}

/**
 * Start-up reports, in order: `downloading` (repeated as bytes arrive), `manifest` once the model
 * description is in (the form can render while the runtime still downloads), `preparing`, `ready`.
 */
export type LoadProgress =
  | { readonly phase: 'downloading'; readonly runtime: ByteProgress; readonly model: ByteProgress }
  | { readonly phase: 'manifest'; readonly manifest: ModelManifest }
  | { readonly phase: 'preparing' }
  | { readonly phase: 'ready' };

export interface ClassProbability {
  readonly label: string;
  readonly probability: number;
}

interface PredictionBase {
  /**
   * The values the model actually received (numbers parsed, categories canonical, null for an
   * optional field left empty, which the model's pipeline imputed).
   */
  readonly inputs: ModelValues;
  /** Valid inputs the model never saw in training. */
  readonly warnings: readonly InputWarning[];
  readonly modelId: string;
  readonly modelVersion: string;
}

/** The answer of a classification or binary model. */
export interface ClassPrediction extends PredictionBase {
  readonly task: 'classification' | 'binary';
  /** The predicted class label, as the model names it (int64 labels as decimal strings). */
  readonly label: string;
  /** Probability of every class, keyed by class label. */
  readonly probabilities: Readonly<Record<string, number>>;
  /** The same probabilities, most likely first. */
  readonly ranked: readonly ClassProbability[];
}

/** The answer of a regression model. */
export interface ValuePrediction extends PredictionBase {
  readonly task: 'regression';
  /** The predicted number, on the target's own scale (e.g. dollars). */
  readonly value: number;
  /** The manifest's cross-validation range around the value, when it has one. */
  readonly range?: ValueRange;
}

/** The answer to one prediction; `task` tells which kind. */
export type Prediction = ClassPrediction | ValuePrediction;

export interface LoadRequest {
  /** Absolute URL of the model directory, ending in `/`. */
  readonly modelDirUrl: string;
}

/** What the worker exposes through Comlink. */
export interface PredictorWorkerApi {
  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<ModelManifest>;
  predict(values: RawValues): Promise<Prediction>;
  /** Predicts many rows; an invalid row answers with its problems, in input order. */
  predictBatch(rows: readonly RawValues[]): Promise<BatchPrediction[]>;
  /**
   * Scores a CSV file (see src/batch/score-csv.ts). The file crosses as a Blob reference, not
   * a copy; so does the scored file coming back. `fileName` is for messages: not every
   * structured clone keeps a File's name.
   */
  scoreCsv(
    file: Blob,
    onProgress?: (progress: BatchProgress) => void,
    fileName?: string,
  ): Promise<BatchResult>;
}
