import type { FormcastError } from '../errors';
import type { InputWarning, ModelValues } from '../inputs/validate-inputs';

/** Detail of `formcast-ready`: the model is loaded and the form accepts input. */
export interface FormcastReadyDetail {
  readonly modelId: string;
  readonly modelVersion: string;
}

/** Detail of `formcast-predict`: one prediction, made from the values shown in the form. */
export interface FormcastPredictDetail {
  readonly inputs: ModelValues;
  readonly label: string;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly warnings: readonly InputWarning[];
  readonly modelId: string;
  readonly modelVersion: string;
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
