/**
 * `import { createPredictor } from 'formcast'`: the headless API of the npm package, the
 * browser-side answer to a `POST /predict` endpoint. No custom element is defined by importing
 * it (those are `formcast/elements`, `formcast/predictor`, `formcast/batch`).
 *
 * ```ts
 * import { createPredictor, ErrorCode, FormcastError } from 'formcast';
 * const predictor = createPredictor('/models/drug/');
 * const prediction = await predictor.predict({ Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 });
 * if (prediction.task === 'regression') console.log(prediction.value, prediction.range);
 * else console.log(prediction.label, prediction.probabilities);
 * ```
 *
 * Every failure is a FormcastError with a `code` from ErrorCode. See docs/npm.md.
 */
export { createPredictor, type Predictor, type PredictorOptions } from '../client/create-predictor';
export {
  createBatchScorer,
  MAX_BATCH_WORKERS,
  type BatchScorer,
  type BatchScorerOptions,
  type ScoreCsvOptions,
} from '../client/create-batch-scorer';
export { configureRuntime, type RuntimeOptions } from '../client/runtime-location';
export type { WorkerLike } from '../client/worker-watch';
export { ErrorCode, FormcastError, type ErrorDetails, type InputIssue } from '../errors';
export type {
  BatchErrorGroup,
  BatchProgress,
  BatchResult,
  BatchSummary,
} from '../batch/batch-types';
export type { FormulaPolicy } from '../csv/write-csv';
export type { InputWarning, RawValues } from '../inputs/validate-inputs';
export type {
  CategoryInputSpec,
  ClassificationManifest,
  InputSpec,
  ModelManifest,
  NumberInputSpec,
  RegressionManifest,
  TaskKind,
} from '../manifest/manifest-types';
export type { ValueRange } from '../manifest/outputs';
export type {
  BatchPrediction,
  ClassPrediction,
  ClassProbability,
  Prediction,
  RowProblem,
  ValuePrediction,
} from '../runtime/answers';
export type { ByteProgress, LoadProgress } from '../runtime/load-progress';
