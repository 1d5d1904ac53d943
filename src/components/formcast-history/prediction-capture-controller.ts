import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FormcastPredictEvent } from '../../events/formcast-events';
import type { HistoryRecorder } from '../../history/history-recorder';

export interface PredictionCaptureControllerOptions {
  readonly recorder: HistoryRecorder;
  /** Whether predictions are to be kept right now (the switch). */
  readonly isOn: () => boolean;
  /** The first `formcast-ready` or `formcast-error`: the form's model has settled. */
  readonly onModelSettled: () => void;
}

/** Whether an event comes from inside a prediction form (through its shadow roots). */
function fromPredictor(event: Event): boolean {
  return event
    .composedPath()
    .some((n) => n instanceof Element && n.localName === 'formcast-predictor');
}

/**
 * Feeds a recorder with the `formcast-predict` events of the forms in its host's document or
 * shadow root. Only predictions that follow an edit of a form count: the one shown when the page
 * opens (example values or a shared link) is the page's, not the user's. An edit drops the
 * pending prediction (the form may now be invalid, with nothing on screen); leaving the page
 * saves it at once.
 */
export class PredictionCaptureController implements ReactiveController {
  private readonly host: ReactiveControllerHost & Element;
  private readonly options: PredictionCaptureControllerOptions;
  private source: Node | undefined;
  private userEdited = false;
  private settled = false;

  constructor(host: ReactiveControllerHost & Element, options: PredictionCaptureControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.source = this.host.getRootNode();
    this.source.addEventListener('formcast-predict', this.onPredict);
    this.source.addEventListener('formcast-ready', this.onSettled);
    this.source.addEventListener('formcast-error', this.onSettled);
    this.source.addEventListener('input', this.onEdit);
    this.source.addEventListener('keydown', this.onEdit);
    addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  hostDisconnected(): void {
    this.source?.removeEventListener('formcast-predict', this.onPredict);
    this.source?.removeEventListener('formcast-ready', this.onSettled);
    this.source?.removeEventListener('formcast-error', this.onSettled);
    this.source?.removeEventListener('input', this.onEdit);
    this.source?.removeEventListener('keydown', this.onEdit);
    removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  // Typed as Event: a root node's listener types (ShadowRoot's) do not know Formcast's events.
  private readonly onPredict = (event: Event) => {
    if (this.userEdited && this.options.isOn())
      this.options.recorder.offer((event as FormcastPredictEvent).detail);
  };

  private readonly onSettled = () => {
    if (this.settled) return;
    this.settled = true;
    this.options.onModelSettled();
  };

  private readonly onEdit = (event: Event) => {
    if (!fromPredictor(event)) return;
    // Any key counts (arrow keys step a number without an input event); only a changed value
    // makes the pending prediction stale. If the form is still valid, a new one follows.
    this.userEdited = true;
    if (event.type === 'input') this.options.recorder.discard();
  };

  // The last prediction must not be lost when the tab closes or the user switches away within
  // its second of grace; "hidden" often comes first, and is the last event a mobile page gets.
  private readonly onPageHide = () => void this.options.recorder.flush(true);
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') void this.options.recorder.flush(true);
  };
}
