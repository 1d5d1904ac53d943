/**
 * The headless API, the browser-side answer to a `POST /predict` endpoint:
 *
 * ```js
 * import { createPredictor } from 'https://your-formcast-host/embed/api.js';
 * const predictor = createPredictor('https://your-formcast-host/models/drug/');
 * const prediction = await predictor.predict({ Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 });
 * if (prediction.task === 'regression') console.log(prediction.value, prediction.range);
 * else console.log(prediction.label, prediction.probabilities);
 * ```
 *
 * `prediction.task` says which kind of answer it is: "classification" and "binary" models answer
 * with `label`, `probabilities` and `ranked`; "regression" models with `value` and, when the
 * manifest has a cross-validation interval, `range` ({ low, high, coverage }). An optional input
 * may be left out or given as null or "": the model then uses the value its manifest names.
 *
 * Every failure is a FormcastError with a `code` from ErrorCode. The same exports as the npm
 * package's main entry (src/npm/index.ts).
 */
export * from '../npm/index';
