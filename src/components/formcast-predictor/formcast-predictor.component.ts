import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LoadStatus, ModelController } from '../../controllers/model-controller';
import { ErrorCode, type FormcastError, type InputIssue, toFormcastError } from '../../errors';
import { emit, predictDetail } from '../../events/formcast-events';
import {
  canonicalCategory,
  type InputWarning,
  type RawValues,
  validateInputs,
} from '../../inputs/validate-inputs';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';
import { readUrlInputs, withLinkValues, withUrlInputs } from '../../url/url-inputs';
import { ExplainSection, explainSectionStyles } from '../formcast-explain/explain-section';
import { FieldChangeEvent } from '../formcast-field/formcast-field.component';
import '../formcast-field/formcast-field';
import '../formcast-model-card/formcast-model-card';
import '../formcast-result/formcast-result';
import { buttonStyles, errorBoxStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { predictorStyles } from './formcast-predictor.styles';
import { renderError, renderProgress } from './render-status';

/** URL parameters that belong to the page (model choice, iframe options), not to the form. */
const RESERVED_URL_PARAMS = ['model', 'parent', 'compact', 'hide-card', 'hide-explain'];

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
  static override styles = [
    sharedStyles,
    buttonStyles,
    errorBoxStyles,
    predictorStyles,
    explainSectionStyles,
  ];

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

  @state() private raw: Record<string, string> = {};
  @state() private issues: Record<string, InputIssue> = {};
  @state() private warnings: Record<string, InputWarning> = {};
  @state() private prediction: Prediction | undefined;
  @state() private predictError: FormcastError | undefined;
  @state() private linkProblems: readonly string[] = [];

  private readonly model = new ModelController(this);
  private readonly explain = new ExplainSection(this);
  private formFor: ModelManifest | undefined;
  private sequence = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && this.src) void this.startLoading();
    const manifest = this.model.manifest;
    if (manifest && manifest !== this.formFor) this.fillForm(manifest);
    else if (changed.has('values') && this.formFor) this.applyValues(this.values);
  }

  /** Puts values set from outside (property, attribute, iframe message) into the form. */
  private applyValues(values: RawValues): void {
    const names = new Set(this.formFor?.inputs.map((s) => s.name));
    const next = { ...this.raw };
    for (const [name, value] of Object.entries(values)) {
      // null, like "", empties the field (an optional one then predicts with its imputed value).
      if (names.has(name) && value !== undefined) next[name] = String(value ?? '');
    }
    this.raw = next;
    this.refresh();
  }

  private async startLoading(): Promise<void> {
    this.prediction = undefined;
    this.predictError = undefined;
    const manifest = await this.model.load(this.src);
    if (manifest) {
      emit(this, 'formcast-ready', { modelId: manifest.id, modelVersion: manifest.version });
      this.refresh();
    } else if (this.model.error) {
      emit(this, 'formcast-error', {
        code: this.model.error.code,
        message: this.model.error.message,
      });
    }
  }

  private fillForm(manifest: ModelManifest): void {
    this.formFor = manifest;
    let raw: Record<string, string> = {};
    for (const spec of manifest.inputs) {
      const given = this.values[spec.name];
      // An example of null (optional inputs) starts the field empty; so does a given null.
      raw[spec.name] = String((given === undefined ? spec.example : given) ?? '');
    }
    if (this.syncUrl) {
      const fromUrl = readUrlInputs(location.search, manifest.inputs, RESERVED_URL_PARAMS);
      raw = withLinkValues(manifest.inputs, raw, fromUrl.values);
      this.linkProblems = fromUrl.problems;
    }
    // `?BP=low` means LOW: show it checked as LOW rather than as an unchecked mystery value.
    for (const spec of manifest.inputs) {
      if (spec.type === 'category')
        raw[spec.name] = canonicalCategory(spec, raw[spec.name]!) ?? raw[spec.name]!;
    }
    this.raw = raw;
    this.check();
  }

  /** Validates the form; returns the model values when every field is valid. */
  private check(): RawValues | undefined {
    const manifest = this.formFor;
    if (!manifest) return undefined;
    const result = validateInputs(manifest.inputs, this.raw);
    this.issues = result.ok ? {} : Object.fromEntries(result.issues.map((i) => [i.field, i]));
    this.warnings = Object.fromEntries(result.warnings.map((w) => [w.field, w]));
    return result.ok ? result.values : undefined;
  }

  /** Re-validates and, when the form is valid and the model ready, predicts. */
  private refresh(): void {
    const values = this.check();
    const sequence = ++this.sequence;
    // An invalid form must never leave an earlier prediction on screen.
    if (!values) this.prediction = undefined;
    if (!values || this.model.status !== LoadStatus.Ready || !this.model.predictor) return;
    this.model.predictor.predict(values).then(
      (prediction) => {
        if (sequence !== this.sequence) return;
        this.prediction = prediction;
        this.predictError = undefined;
        emit(this, 'formcast-predict', predictDetail(prediction));
      },
      (error: unknown) => {
        if (sequence !== this.sequence) return;
        const failure = toFormcastError(error, ErrorCode.InferenceFailed);
        this.prediction = undefined;
        this.predictError = failure;
        emit(this, 'formcast-error', { code: failure.code, message: failure.message });
      },
    );
  }

  private onFieldChange(event: Event): void {
    if (!(event instanceof FieldChangeEvent)) return;
    event.stopPropagation();
    this.raw = { ...this.raw, [event.field]: event.value };
    if (this.syncUrl && this.formFor) {
      history.replaceState(
        history.state,
        '',
        withUrlInputs(new URL(location.href), this.formFor.inputs, this.raw),
      );
    }
    this.refresh();
  }

  private retry(): void {
    if (this.model.status === LoadStatus.Error) void this.startLoading();
    else this.refresh();
  }

  /**
   * Predicts from `values` without touching the form: the programmatic twin of typing.
   * @throws {FormcastError} INPUT_INVALID with `details.issues`, or a load/runtime code.
   */
  async predict(values: RawValues): Promise<Prediction> {
    if (!this.model.predictor)
      throw toFormcastError(
        new Error('Set src before calling predict().'),
        ErrorCode.ManifestFetchFailed,
      );
    return this.model.predictor.predict(values);
  }

  private waitingText(): string {
    if (Object.keys(this.issues).length > 0)
      return 'Correct the highlighted fields to see a prediction.';
    return this.model.status === LoadStatus.Ready ? 'Predicting…' : '';
  }

  private renderAside(manifest: ModelManifest) {
    const { status, error } = this.model;
    let main: unknown;
    if (status === LoadStatus.Error && error) main = renderError(error, () => this.retry());
    else if (this.predictError) main = renderError(this.predictError, () => this.retry());
    else if (status !== LoadStatus.Ready) main = renderProgress(this.model.progress);
    else
      main = html`<formcast-result
        exportparts=${RESULT_PARTS}
        .manifest=${manifest}
        .prediction=${this.prediction}
        waiting-text=${this.waitingText()}
      ></formcast-result>`;
    const explain =
      this.hideExplain || status !== LoadStatus.Ready
        ? nothing
        : this.explain.render({
            manifest,
            predictor: this.model.predictor,
            prediction: this.prediction,
          });
    return html`<div class="aside">
      ${main} ${explain}
      ${this.hideCard ? nothing : html`<formcast-model-card .manifest=${manifest}></formcast-model-card>`}
    </div>`;
  }

  override render() {
    const manifest = this.formFor;
    const { status, error } = this.model;
    if (!manifest) {
      if (status === LoadStatus.Error && error) return renderError(error, () => this.retry());
      return renderProgress(this.model.progress);
    }
    return html`<div class="root">
      ${
        this.linkProblems.length > 0
          ? html`<div class="notice" role="alert" data-testid="link-problems">
              The link contained values that could not be used:
              <ul>
                ${this.linkProblems.map((p) => html`<li>${p}</li>`)}
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
                .value=${this.raw[spec.name] ?? ''}
                .issue=${this.issues[spec.name]}
                .warning=${this.warnings[spec.name]}
              ></formcast-field>`,
          )}
        </form>
        ${this.renderAside(manifest)}
      </div>
    </div>`;
  }
}
