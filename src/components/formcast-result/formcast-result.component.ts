import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { formatProbability, formatValue } from '../../format/format';
import {
  classLabel,
  type ClassificationManifest,
  type ModelManifest,
  type RegressionManifest,
} from '../../manifest/manifest-types';
import type { ClassPrediction, Prediction, ValuePrediction } from '../../runtime/answers';
import { barStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { announcement, capitalised, headline, rangeSentence, rangeText } from './describe-result';
import { resultStyles } from './formcast-result.styles';

/**
 * A prediction, as its task calls for. Classification: the predicted class, prominently, and one
 * bar per class sorted by probability. Binary: the headline class's probability as a percentage
 * and a meter, then the predicted class. Regression: the predicted value, its cross-validation
 * range and one sentence on what the range means. The live region announces each new result
 * once; it exists from the first render so screen readers track it.
 *
 * @summary Shows a prediction: classes and probabilities, a headline probability, or a value.
 * @tag formcast-result
 * @csspart panel - The result's box.
 * @csspart label - The predicted class (classification and binary); `data-label` holds its raw label.
 * @csspart bar - Each probability bar (classification).
 * @csspart probability - The headline probability as a percentage (binary).
 * @csspart meter - The meter showing the headline probability (binary).
 * @csspart value - The predicted value (regression); `data-value` holds the raw number.
 * @csspart range - The range around the value (regression).
 * @csspart range-note - The sentence saying what the range means (regression).
 */
export class FormcastResult extends LitElement {
  static override styles = [sharedStyles, barStyles, resultStyles];

  /** The model's manifest, for readable class names and formats. */
  @property({ attribute: false }) manifest: ModelManifest | undefined;
  /** The prediction to show; undefined shows `waitingText` instead. */
  @property({ attribute: false }) prediction: Prediction | undefined;
  /** Why there is no prediction (invalid field, loading...). */
  @property({ attribute: 'waiting-text' }) waitingText = '';
  /**
   * A prediction for newer values is on its way: the one shown is for earlier values. It is
   * marked busy at once and, past 150 ms (an answer usually takes under 1 ms), dimmed under
   * "Updating for the new values…".
   */
  @property({ type: Boolean, reflect: true }) pending = false;

  // Widths go through CSSOM, not a style attribute: `style-src 'self'` blocks inline style
  // attributes (Lit's styleMap writes one on first render), but allows element.style.
  protected override updated(): void {
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('.bar[data-p]')) {
      bar.style.width = `${(Number(bar.dataset.p) * 100).toFixed(2)}%`;
    }
  }

  private renderClasses(manifest: ClassificationManifest, p: ClassPrediction) {
    return html`
      <p class="caption">Prediction</p>
      <p class="label" part="label" data-label=${p.label}>${classLabel(manifest, p.label)}</p>
      <ol aria-label="Probability of each class">
        ${p.ranked.map(
          (c) =>
            html`<li class=${c.label === p.label ? 'top' : ''} data-class=${c.label}>
              <span>${classLabel(manifest, c.label)}</span>
              <span class="track" aria-hidden="true"
                ><span class="bar" part="bar" data-p=${c.probability}></span
              ></span>
              <span class="value">${formatProbability(c.probability)}</span>
            </li>`,
        )}
      </ol>
    `;
  }

  // The meter's regions suit a risk: low is good (optimum 0), and past the decision threshold
  // (0.5, where the predicted class flips) is the worst region.
  private renderBinary(manifest: ClassificationManifest, p: ClassPrediction) {
    const { text, probability } = headline(manifest, p);
    return html`
      <p class="caption" id="headline">${text}</p>
      <p class="headline" part="probability" data-p=${probability}>
        ${formatProbability(probability)}
      </p>
      <meter
        part="meter"
        aria-labelledby="headline"
        min="0"
        max="1"
        low="0.25"
        high="0.5"
        optimum="0"
        .value=${probability}
      >
        ${formatProbability(probability)}
      </meter>
      <p class="predicted">
        Predicted:
        <strong part="label" data-label=${p.label}>${classLabel(manifest, p.label)}</strong>
      </p>
    `;
  }

  private renderValue(manifest: RegressionManifest, p: ValuePrediction) {
    const { outputs } = manifest;
    const range = rangeText(outputs, p);
    const note = range && rangeSentence(manifest);
    return html`
      <p class="caption">${outputs.label}</p>
      <p class="headline" part="value" data-value=${p.value}>${formatValue(outputs, p.value)}</p>
      ${
        range && p.range
          ? html`<p class="range" part="range" data-low=${p.range.low} data-high=${p.range.high}>
              ${capitalised(range)}
            </p>`
          : nothing
      }
      ${note ? html`<p class="note" part="range-note">${note}</p>` : nothing}
    `;
  }

  private renderPrediction(manifest: ModelManifest, p: Prediction) {
    if (manifest.task === 'regression')
      return p.task === 'regression' ? this.renderValue(manifest, p) : nothing;
    if (p.task === 'regression') return nothing;
    return manifest.task === 'binary'
      ? this.renderBinary(manifest, p)
      : this.renderClasses(manifest, p);
  }

  override render() {
    const { prediction: p, manifest } = this;
    const stale = this.pending && p !== undefined;
    return html`
      <div class="panel ${stale ? 'stale' : ''}" part="panel" aria-busy=${this.pending}>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
          ${p && manifest ? announcement(manifest, p) : this.waitingText}
        </div>
        ${stale ? html`<p class="updating" data-testid="updating">Updating for the new values…</p>` : nothing}
        ${
          p && manifest
            ? html`<div class="answer">${this.renderPrediction(manifest, p)}</div>`
            : html`<p class="caption">Prediction</p>
                <p class="waiting">${this.waitingText || nothing}</p>`
        }
      </div>
    `;
  }
}
