/**
 * The headless API, the browser-side answer to a `POST /predict` endpoint:
 *
 * ```js
 * import { createPredictor } from 'https://your-formcast-host/embed/api.js';
 * const predictor = createPredictor('https://your-formcast-host/models/drug/');
 * const { label, probabilities } = await predictor.predict({ Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 });
 * ```
 *
 * Every failure is a FormcastError with a `code` from ErrorCode.
 */
export { createPredictor, type Predictor, type PredictorOptions } from '../client/create-predictor';
export { ErrorCode, FormcastError, type InputIssue } from '../errors';
export type { InputWarning, RawValues } from '../inputs/validate-inputs';
export type { ModelManifest } from '../manifest/manifest-types';
export type { ClassProbability, LoadProgress, Prediction } from '../runtime/protocol';
