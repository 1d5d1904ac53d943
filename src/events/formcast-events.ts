import type { FormcastError } from '../errors';
import type { InputWarning, ModelValues } from '../inputs/validate-inputs';
import type { ValueRange } from '../manifest/outputs';
import type { Prediction } from '../runtime/answers';

/** Detail of `formcast-ready`: the model is loaded and the form accepts input. */
export interface FormcastReadyDetail {
  readonly modelId: string;
  readonly modelVersion: string;
}

interface PredictDetailBase {
  /** The values the model received; null for an optional field left empty (the model imputed it). */
  readonly inputs: ModelValues;
  readonly warnings: readonly InputWarning[];
  readonly modelId: string;
  readonly modelVersion: string;
}

/** `formcast-predict` of a classification or binary model. */
export interface FormcastClassPredictDetail extends PredictDetailBase {
  readonly task: 'classification' | 'binary';
  /** The predicted class label, as the model names it (int64 labels as decimal strings). */
  readonly label: string;
  /** Probability of every class, keyed by class label. */
  readonly probabilities: Readonly<Record<string, number>>;
}

/** `formcast-predict` of a regression model. */
export interface FormcastValuePredictDetail extends PredictDetailBase {
  readonly task: 'regression';
  /** The predicted number, on the target's own scale. */
  readonly value: number;
  /** The cross-validation range around the value, when the manifest has one. */
  readonly range?: ValueRange;
}

/** Detail of `formcast-predict`: one prediction, made from the values shown in the form. */
export type FormcastPredictDetail = FormcastClassPredictDetail | FormcastValuePredictDetail;

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
