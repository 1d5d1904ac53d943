import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import type { Predictor } from '../../client/create-predictor';
import type { WhatIf } from '../../explain/what-if-curves';
import { chartModel } from '../../explain/what-if-series';
import { isRegression, type ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';
import { buttonStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { explainStyles } from './formcast-explain.styles';
import { renderCategoryOutcomes } from './render-category-outcomes';
import { renderDecisionPath } from './render-decision-path';
import { renderLegend, renderWhatIfChart } from './render-what-if-chart';
import { TreeController } from './tree-controller';
import { VisiblePartsController } from './visible-parts-controller';
import { WhatIfController } from './what-if-controller';

/**
 * Why the model predicts what it does, for the values in the form: the path through the decision
 * tree with the threshold that decided each step (when the model directory has a tree file), and
 * what-if views for any model, computed in the model's worker as the user types: per number
 * input, the prediction across its training range (each class's probability; a binary model's
 * headline probability; a regression model's value with its range); per category input, the
 * prediction with each other category; for an optional input, the prediction with it left
 * empty. Every chart has a sentence saying where the prediction changes and a table of its
 * points. Loaded on demand by `<formcast-predictor>` (its "Why this prediction?").
 *
 * @summary Explains a prediction: decision path and what-if curves.
 * @tag formcast-explain
 * @event what-if-rendered - Plain, not bubbling: new what-if views are on screen (tests, benchmarks).
 * @cssproperty --formcast-series-1 - Line colour of the first class or the only series (then -2 … -6).
 * @cssproperty --formcast-band - Fill of a regression model's range band (drawn at 15 % opacity).
 */
export class FormcastExplain extends LitElement {
  static override styles = [sharedStyles, buttonStyles, explainStyles];

  /** The model's manifest. */
  @property({ attribute: false }) manifest: ModelManifest | undefined;
  /** The predictor that made the prediction; its worker computes the what-if rows. */
  @property({ attribute: false }) predictor: Predictor | undefined;
  /** The prediction to explain; undefined (an invalid form) clears the views. */
  @property({ attribute: false }) prediction: Prediction | undefined;

  /** Inputs whose data table is open. */
  @state() private openTables: ReadonlySet<string> = new Set();
  /** Width of the charts in CSS pixels: the width of this element's content box. */
  @state() private chartWidth = 360;

  private readonly tree = new TreeController(this);
  private readonly whatIf = new WhatIfController(this);
  private readonly parts = new VisiblePartsController(this);
  /** Each part's data as last drawn (see renderPart). */
  private readonly drawn = new Map<string, readonly unknown[]>();
  private shownRevision = 0;
  private readonly resizes = new ResizeObserver(([entry]) => {
    const width = Math.round(Math.min(720, Math.max(200, entry!.contentRect.width)));
    // Steps of 8 px or more: a scrollbar coming and going must not redraw every chart.
    if (Math.abs(width - this.chartWidth) >= 8) this.chartWidth = width;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizes.observe(this);
    // Back in the DOM (the section reopened): compute for the values of now.
    if (this.hasUpdated) this.requestWhatIf();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes.disconnect();
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.has('manifest') || changed.has('predictor')) {
      this.tree.use(this.manifest, this.predictor?.modelDirUrl);
      this.drawn.clear();
    }
    if (changed.has('prediction') || changed.has('manifest') || changed.has('predictor'))
      this.requestWhatIf();
    // A new prediction is drawn with its what-if views, when the worker has answered: drawing
    // the path at once would lay the section out twice per keystroke, once on the result's way.
    const onlyPrediction = changed.size > 0 && [...changed.keys()].every((k) => k === 'prediction');
    return !(onlyPrediction && this.prediction && this.whatIf.pending);
  }

  protected override updated(): void {
    if (this.whatIf.revision === this.shownRevision) return;
    this.shownRevision = this.whatIf.revision;
    this.dispatchEvent(new Event('what-if-rendered'));
  }

  private requestWhatIf(): void {
    const { predictor, manifest, prediction } = this;
    this.whatIf.request(
      predictor && manifest && prediction ? { predictor, manifest, prediction } : undefined,
    );
  }

  private toggleTable(input: string, open: boolean): void {
    if (this.openTables.has(input) === open) return;
    const next = new Set(this.openTables);
    if (open) next.add(input);
    else next.delete(input);
    this.openTables = next;
  }

  private renderWhatIf(manifest: ModelManifest) {
    const { result, error, pending } = this.whatIf;
    let body: unknown;
    if (error) {
      body = html`<div class="problem" role="alert" data-code=${error.code}>
        <p>The what-if views could not be computed: ${error.message}</p>
        <button type="button" @click=${() => this.whatIf.retry()}>Try again</button>
      </div>`;
    } else if (!result) {
      body = html`<p class="muted">Computing…</p>`;
    } else {
      body = this.renderViews(manifest, result);
    }
    // Parts that leave the DOM are drawn afresh when they come back.
    if (!result || error) this.drawn.clear();
    return html`<section
      class="part what-if"
      aria-labelledby="what-if-title"
      aria-busy=${pending ? 'true' : 'false'}
      data-revision=${this.whatIf.revision}
    >
      <p class="part-title" id="what-if-title">What if…</p>
      <p class="muted small">
        One input at a time across the range seen in training, the others held at their current
        values.
      </p>
      ${body}
    </section>`;
  }

  /**
   * One chart or table of the what-if views: drawn from `data` when it is in view (or has never
   * been drawn, or its idle catch-up is due), else left as last drawn (and marked busy) until it
   * comes into view: a keystroke redraws only what is on screen. `data[0]` is the what-if result.
   */
  private renderPart(key: string, data: readonly unknown[], draw: () => unknown, stale: string[]) {
    const fresh = this.parts.current(key) || !this.drawn.has(key);
    const used = fresh ? data : this.drawn.get(key)!;
    if (fresh) this.drawn.set(key, data);
    const outdated = used[0] !== data[0];
    if (outdated) stale.push(key);
    return html`<div class="part-box" data-part=${key} aria-busy=${outdated ? 'true' : 'false'}>
      ${guard([...used], draw)}
    </div>`;
  }

  private renderViews(manifest: ModelManifest, result: WhatIf) {
    const chart = chartModel(manifest, result);
    const stale: string[] = [];
    const views = html`${result.numbers.length > 0 ? renderLegend(chart) : nothing}
    ${result.numbers.map((curve) => {
      const name = curve.spec.name;
      const tableOpen = this.openTables.has(name);
      return this.renderPart(
        `number:${name}`,
        [result, tableOpen, this.chartWidth],
        () =>
          renderWhatIfChart({
            manifest,
            chart,
            curve,
            width: this.chartWidth,
            tableOpen,
            onTableToggle: (input, open) => this.toggleTable(input, open),
          }),
        stale,
      );
    })}
    ${
      result.categories.length > 0
        ? this.renderPart(
            'categories',
            [result],
            () => renderCategoryOutcomes(manifest, chart, result.categories),
            stale,
          )
        : nothing
    }`;
    this.parts.setStale(stale);
    return views;
  }

  override render() {
    const { manifest } = this;
    if (!manifest) return nothing;
    if (!this.prediction) {
      return html`<p class="muted root">Correct the highlighted fields to see why.</p>`;
    }
    // What is drawn explains the prediction the what-if views were computed for: path and views
    // always agree, and the newest values follow within one worker round trip.
    const prediction = this.whatIf.prediction;
    if (!prediction) return html`<p class="muted root">Computing…</p>`;
    return html`<div class="root">
      ${
        this.tree.available && !isRegression(manifest)
          ? renderDecisionPath({
              manifest,
              values: prediction.inputs,
              tree: this.tree.tree,
              error: this.tree.error,
              onRetry: () => this.tree.retry(),
            })
          : nothing
      }
      ${this.renderWhatIf(manifest)}
    </div>`;
  }
}
