import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Predictor } from '../../client/create-predictor';
import { ErrorCode, type FormcastError, type InputIssue, toFormcastError } from '../../errors';
import {
  canonicalCategory,
  type InputWarning,
  type RawValues,
  validateInputs,
} from '../../inputs/validate-inputs';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';
import { readUrlInputs, withLinkValues } from '../../url/url-inputs';
import { NewestWins } from '../newest-wins';
import { own, setOwn } from '../../manifest/records';

/** URL parameters that belong to the page (model choice, iframe options), not to the form. */
const RESERVED_URL_PARAMS = ['model', 'parent', 'compact', 'hide-card', 'hide-explain'];

export interface FormControllerOptions {
  /** The model's manifest, as soon as it is known (before the model is ready). */
  readonly manifest: () => ModelManifest | undefined;
  /** Values given from outside (the `values` property), which take precedence over examples. */
  readonly values: () => RawValues;
  /** Whether the page URL's values fill the form too. */
  readonly syncUrl: () => boolean;
  /** The model's predictor once it is ready to predict; undefined before. */
  readonly predictor: () => Predictor | undefined;
  /** A prediction for the form's current values is on screen. */
  readonly onPredict: (prediction: Prediction) => void;
  /** Predicting the form's current values failed. */
  readonly onError: (error: FormcastError) => void;
}

/**
 * The form of `<formcast-predictor>`: the text of every field, what validation says about it,
 * and the prediction for the current values. Every change is validated with the worker's rules
 * and then predicted; only the newest values' answer is shown, and an invalid form never leaves
 * an earlier prediction on screen. The host re-renders on every change.
 */
export class FormController implements ReactiveController {
  /** The manifest the form was built from. */
  manifest: ModelManifest | undefined;
  /** Each field's text, by input name. */
  raw: Record<string, string> = {};
  issues: Record<string, InputIssue> = {};
  warnings: Record<string, InputWarning> = {};
  prediction: Prediction | undefined;
  /**
   * A prediction for the current values is on its way: the one in `prediction` (if any) is for
   * earlier values and must be shown as such.
   */
  pending = false;
  error: FormcastError | undefined;
  /** Problems with the values a shared link carried. */
  linkProblems: readonly string[] = [];

  private readonly host: ReactiveControllerHost;
  private readonly options: FormControllerOptions;
  private readonly newest = new NewestWins();

  constructor(host: ReactiveControllerHost, options: FormControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** A new model's manifest arrived: the form is rebuilt for it before the host renders. */
  hostUpdate(): void {
    const manifest = this.options.manifest();
    if (manifest && manifest !== this.manifest) this.fill(manifest);
  }

  /**
   * Builds the form for `manifest`: given values first, the manifest's examples for the rest,
   * then (with `syncUrl`) the page URL's values. Validates; does not predict yet.
   */
  private fill(manifest: ModelManifest): void {
    const given = this.options.values();
    this.manifest = manifest;
    let raw: Record<string, string> = {};
    for (const spec of manifest.inputs) {
      const value = own(given, spec.name);
      // An example of null (optional inputs) starts the field empty; so does a given null.
      setOwn(raw, spec.name, String((value === undefined ? spec.example : value) ?? ''));
    }
    if (this.options.syncUrl()) {
      const fromUrl = readUrlInputs(location.search, manifest.inputs, RESERVED_URL_PARAMS);
      raw = withLinkValues(manifest.inputs, raw, fromUrl.values);
      this.linkProblems = fromUrl.problems;
    }
    // `?BP=low` means LOW: show it checked as LOW rather than as an unchecked mystery value.
    for (const spec of manifest.inputs) {
      if (spec.type === 'category') {
        const text = own(raw, spec.name)!;
        setOwn(raw, spec.name, canonicalCategory(spec, text) ?? text);
      }
    }
    this.raw = raw;
    this.check();
    this.host.requestUpdate();
  }

  /** Puts values set from outside (property, attribute, iframe message) into the form. */
  apply(values: RawValues): void {
    const names = new Set(this.manifest?.inputs.map((s) => s.name));
    const next = { ...this.raw };
    for (const [name, value] of Object.entries(values)) {
      if (!names.has(name) || value === undefined) continue;
      // null, like "", empties the field (an optional one then predicts with its imputed value).
      if (value === null || typeof value === 'string' || typeof value === 'number') {
        setOwn(next, name, String(value ?? ''));
      } else {
        // An object (from a host's message, say) has no text a field could show: left out.
        console.warn(
          `formcast: ${name} takes text or a number; ignored a value of type ${typeof value}.`,
        );
      }
    }
    this.raw = next;
    this.refresh();
  }

  /** The user changed one field. */
  edit(field: string, value: string): void {
    this.raw = { ...this.raw, [field]: value };
    this.refresh();
  }

  /** Forgets the prediction and its error (a new model is loading). */
  clear(): void {
    this.prediction = undefined;
    this.pending = false;
    this.error = undefined;
    this.host.requestUpdate();
  }

  /** Re-validates and, when the form is valid and the model ready, predicts. */
  refresh(): void {
    const values = this.check();
    const ticket = this.newest.next();
    // An invalid form must never leave an earlier prediction on screen.
    if (!values) this.prediction = undefined;
    const predictor = this.options.predictor();
    this.pending = values !== undefined && predictor !== undefined;
    this.host.requestUpdate();
    if (!values || !predictor) return;
    predictor.predict(values).then(
      (prediction) => {
        if (!ticket.current) return;
        this.prediction = prediction;
        this.pending = false;
        this.error = undefined;
        this.host.requestUpdate();
        this.options.onPredict(prediction);
      },
      (error: unknown) => {
        if (!ticket.current) return;
        const failure = toFormcastError(error, ErrorCode.InferenceFailed);
        this.prediction = undefined;
        this.pending = false;
        this.error = failure;
        this.host.requestUpdate();
        this.options.onError(failure);
      },
    );
  }

  /** Validates the form; returns the model values when every field is valid. */
  private check(): RawValues | undefined {
    const manifest = this.manifest;
    if (!manifest) return undefined;
    const result = validateInputs(manifest.inputs, this.raw);
    this.issues = result.ok ? {} : Object.fromEntries(result.issues.map((i) => [i.field, i]));
    this.warnings = Object.fromEntries(result.warnings.map((w) => [w.field, w]));
    return result.ok ? result.values : undefined;
  }
}
