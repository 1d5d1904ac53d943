import type { FormcastError } from '../errors';
import type { Predicted, PredictedClass, PredictedValue, Prediction } from '../runtime/answers';

/** Detail of `formcast-ready`: the model is loaded and the form accepts input. */
export interface FormcastReadyDetail {
  readonly modelId: string;
  readonly modelVersion: string;
}

/** `formcast-predict` of a classification or binary model (the answer types in runtime/answers.ts). */
export type FormcastClassPredictDetail = PredictedClass;

/** `formcast-predict` of a regression model. */
export type FormcastValuePredictDetail = PredictedValue;

/** Detail of `formcast-predict`: one prediction, made from the values shown in the form. */
export type FormcastPredictDetail = Predicted;

/** The event detail for a prediction: plain data, without the worker's `ranked` copy. */
export function predictDetail(p: Prediction): FormcastPredictDetail {
  const { inputs, warnings, modelId, modelVersion } = p;
  const base = { inputs, warnings, modelId, modelVersion };
  return p.task === 'regression'
    ? { task: p.task, value: p.value, ...(p.range ? { range: p.range } : {}), ...base }
    : { task: p.task, label: p.label, probabilities: p.probabilities, ...base };
}

/** Detail of `formcast-error`: something failed; `code` is one of FormcastError's codes. */
export interface FormcastErrorDetail {
  readonly code: FormcastError['code'];
  readonly message: string;
}

export type FormcastReadyEvent = CustomEvent<FormcastReadyDetail>;
export type FormcastPredictEvent = CustomEvent<FormcastPredictDetail>;
export type FormcastErrorEvent = CustomEvent<FormcastErrorDetail>;

export interface FormcastEventMap {
  'formcast-ready': FormcastReadyEvent;
  'formcast-predict': FormcastPredictEvent;
  'formcast-error': FormcastErrorEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends FormcastEventMap {}
}

/** Dispatches a public event that bubbles out of the shadow root to the host page. */
export function emit<K extends keyof FormcastEventMap>(
  target: EventTarget,
  name: K,
  detail: FormcastEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
