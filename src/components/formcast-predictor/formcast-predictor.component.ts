import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ErrorCode, toFormcastError } from '../../errors';
import { emit, predictDetail } from '../../events/formcast-events';
import type { RawValues } from '../../inputs/validate-inputs';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';
import { FieldChangeEvent } from '../formcast-field/formcast-field.component';
import '../formcast-field/formcast-field';
import '../formcast-model-card/formcast-model-card';
import '../formcast-result/formcast-result';
import { buttonStyles, errorBoxStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { ExplainSectionController } from './explain-section-controller';
import { FormController } from './form-controller';
import { predictorStyles } from './formcast-predictor.styles';
import { LoadStatus, ModelController } from './model-controller';
import { renderError, renderProgress } from './render-status';
import { UrlSyncController } from './url-sync-controller';
import { markStartup } from '../../client/startup-marks';

/** The page's first form has been drawn (marked once per page, see updated()). */
let formShown = false;

/** The result's parts, styleable from the page as the widget's own. */
const RESULT_PARTS = 'panel, label, bar, probability, meter, value, range, range-note';

/** Reads the `values` attribute: a JSON object of input name → value. */
const valuesConverter = {
  fromAttribute(text: string | null): RawValues {
    if (!text) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as RawValues;
    } catch {
      // reported below
    }
    console.warn(
      `formcast: the values attribute must be a JSON object, e.g. '{"Age": 60}'; got ${text}`,
    );
    return {};
  },
};

/**
 * A prediction form generated from a model's manifest. It predicts on every change, in a Web
 * Worker, with nothing sent over the network.
 *
 * @summary The Formcast widget: a form that predicts as you type.
 * @tag formcast-predictor
 * @event formcast-ready - The model is loaded. Detail: `{ modelId, modelVersion }`.
 * @event formcast-predict - A prediction was shown. Detail (FormcastPredictDetail): `{ task, inputs, warnings, modelId, modelVersion }` and, for task "classification" or "binary", `{ label, probabilities }`; for "regression", `{ value, range? }` (`range`: `{ low, high, coverage }`). `inputs` holds null for an optional field left empty.
 * @event formcast-error - Loading or predicting failed. Detail: `{ code, message }`.
 * @csspart panel - The result panel.
 * @csspart label - The predicted class (classification and binary).
 * @csspart bar - Each class probability bar (classification).
 * @csspart probability - The headline probability, as a percentage (binary).
 * @csspart meter - The meter of the headline probability (binary).
 * @csspart value - The predicted value (regression).
 * @csspart range - The range around the predicted value (regression).
 * @csspart range-note - The sentence on what the range means (regression).
 * @csspart error - An error message box.
 * @csspart progress - The start-up progress box.
 * @cssproperty --formcast-color-accent - Buttons, bars, the predicted class.
 * @cssproperty --formcast-color-text - Body text.
 * @cssproperty --formcast-color-background - Widget background.
 * @cssproperty --formcast-font-family - Font of the whole widget.
 */
export class FormcastPredictor extends LitElement {
  static override styles = [sharedStyles, buttonStyles, errorBoxStyles, predictorStyles];

  /** URL of the model directory (holding manifest.json and the model), e.g. `models/drug/`. */
  @property({ reflect: true }) src = '';
  /**
   * Form values by input name, as a JSON attribute (`values='{"Age": 60}'`) or a property.
   * Initially, missing ones take the manifest's example; set later, they replace what is shown.
   * `null` or `""` empties a field: an optional one then predicts with its imputed value.
   */
  @property({ converter: valuesConverter }) values: RawValues = {};
  /** Read initial values from the page URL and keep the URL in step with the form. */
  @property({ type: Boolean, attribute: 'sync-url' }) syncUrl = false;
  /** One-column, tighter layout for narrow slots. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Hide the model card. */
  @property({ type: Boolean, attribute: 'hide-card' }) hideCard = false;
  /** Hide the "Why this prediction?" section (decision path and what-if charts). */
  @property({ type: Boolean, attribute: 'hide-explain' }) hideExplain = false;

  private readonly model = new ModelController(this);
  private readonly form = new FormController(this, {
    manifest: () => this.model.manifest,
    values: () => this.values,
    syncUrl: () => this.syncUrl,
    predictor: () => (this.model.status === LoadStatus.Ready ? this.model.predictor : undefined),
    onPredict: (prediction) => emit(this, 'formcast-predict', predictDetail(prediction)),
    onError: (error) => emit(this, 'formcast-error', { code: error.code, message: error.message }),
  });
  private readonly explain = new ExplainSectionController(this);
  private readonly urlSync = new UrlSyncController(this, () =>
    this.form.manifest ? { manifest: this.form.manifest, raw: this.form.raw } : undefined,
  );

  protected override updated(): void {
    // For the start-up breakdown: when the page's first form could be typed into.
    if (this.form.manifest && !formShown) {
      formShown = true;
      markStartup('form-shown');
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && this.src) void this.startLoading();
    // A new model's form is built (from `values` too) by the form controller, right after this.
    const { manifest } = this.model;
    const newModel = manifest !== undefined && manifest !== this.form.manifest;
    if (changed.has('values') && this.form.manifest && !newModel) this.form.apply(this.values);
  }

  private async startLoading(): Promise<void> {
    this.form.clear();
    const manifest = await this.model.load(this.src);
    if (manifest) {
      // The first prediction is requested before the ready event's listeners run.
      this.form.refresh();
      emit(this, 'formcast-ready', { modelId: manifest.id, modelVersion: manifest.version });
    } else if (this.model.error) {
      emit(this, 'formcast-error', {
        code: this.model.error.code,
        message: this.model.error.message,
      });
    }
  }

  private onFieldChange(event: Event): void {
    if (!(event instanceof FieldChangeEvent)) return;
    event.stopPropagation();
    this.form.edit(event.field, event.value);
    if (this.syncUrl) this.urlSync.changed();
  }

  private retry(): void {
    if (this.model.status === LoadStatus.Error) void this.startLoading();
    else this.form.refresh();
  }

  /**
   * Predicts from `values` without touching the form: the programmatic twin of typing.
   * `options.signal` cancels this call (it rejects with ABORTED); the model's worker is stopped
   * only when no other widget on the page shares it.
   * @throws {FormcastError} INPUT_INVALID with `details.issues`, ABORTED, or a load/runtime code.
   */
  async predict(
    values: RawValues,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<Prediction> {
    if (!this.model.predictor)
      throw toFormcastError(
        new Error('Set src before calling predict().'),
        ErrorCode.ManifestFetchFailed,
      );
    return this.model.predictor.predict(values, options);
  }

  private waitingText(): string {
    if (Object.keys(this.form.issues).length > 0)
      return 'Correct the highlighted fields to see a prediction.';
    return this.model.status === LoadStatus.Ready ? 'Predicting…' : '';
  }

  private renderAside(manifest: ModelManifest) {
    const { status, error } = this.model;
    let main: unknown;
    if (status === LoadStatus.Error && error) main = renderError(error, () => this.retry());
    else if (this.form.error) main = renderError(this.form.error, () => this.retry());
    else if (status !== LoadStatus.Ready) main = renderProgress(this.model.progress);
    else
      main = html`<formcast-result
        exportparts=${RESULT_PARTS}
        .manifest=${manifest}
        .prediction=${this.form.prediction}
        ?pending=${this.form.pending}
        waiting-text=${this.waitingText()}
      ></formcast-result>`;
    const explain =
      this.hideExplain || status !== LoadStatus.Ready
        ? nothing
        : this.explain.render({
            manifest,
            predictor: this.model.predictor,
            prediction: this.form.prediction,
          });
    return html`<div class="aside">
      ${main} ${explain}
      ${
        this.hideCard
          ? nothing
          : html`<formcast-model-card
              .manifest=${manifest}
              .predictor=${status === LoadStatus.Ready ? this.model.predictor : undefined}
            ></formcast-model-card>`
      }
    </div>`;
  }

  override render() {
    const { manifest, raw, issues, warnings, linkProblems } = this.form;
    const { status, error } = this.model;
    if (!manifest) {
      if (status === LoadStatus.Error && error) return renderError(error, () => this.retry());
      return renderProgress(this.model.progress);
    }
    return html`<div class="root">
      ${
        linkProblems.length > 0
          ? html`<div class="notice" role="alert" data-testid="link-problems">
              The link contained values that could not be used:
              <ul>
                ${linkProblems.map((p) => html`<li>${p}</li>`)}
              </ul>
            </div>`
          : nothing
      }
      <div class="layout">
        <form
          @field-change=${this.onFieldChange}
          @submit=${(e: Event) => e.preventDefault()}
          aria-label=${manifest.title}
        >
          ${manifest.inputs.map(
            (spec) =>
              html`<formcast-field
                .spec=${spec}
                .value=${raw[spec.name] ?? ''}
                .issue=${issues[spec.name]}
                .warning=${warnings[spec.name]}
              ></formcast-field>`,
          )}
        </form>
        ${this.renderAside(manifest)}
      </div>
    </div>`;
  }
}
