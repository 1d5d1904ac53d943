import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { classLabel, type ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/protocol';
import { barStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { resultStyles } from './formcast-result.styles';

/** Formats a probability for reading: one decimal, and never "100.0 %" for something below 1. */
export function formatProbability(p: number): string {
  const percent = p * 100;
  if (p < 1 && percent > 99.9) return '>99.9 %';
  if (p > 0 && percent < 0.1) return '<0.1 %';
  return `${percent.toFixed(1)} %`;
}

/**
 * The predicted class, prominently, and one bar per class sorted by probability. The live region
 * announces each new result once; it exists from the first render so screen readers track it.
 *
 * @summary Shows a prediction and its class probabilities.
 * @tag formcast-result
 * @csspart label - The predicted class.
 * @csspart bar - Each probability bar.
 */
export class FormcastResult extends LitElement {
  static override styles = [sharedStyles, barStyles, resultStyles];

  /** The model's manifest, for readable class names. */
  @property({ attribute: false }) manifest: ModelManifest | undefined;
  /** The prediction to show; undefined shows `waitingText` instead. */
  @property({ attribute: false }) prediction: Prediction | undefined;
  /** Why there is no prediction (invalid field, loading...). */
  @property({ attribute: 'waiting-text' }) waitingText = '';

  private announcement(): string {
    const p = this.prediction;
    if (!p || !this.manifest) return this.waitingText;
    return `Prediction: ${classLabel(this.manifest, p.label)}, ${formatProbability(p.probabilities[p.label] ?? 0)}.`;
  }

  // Widths go through CSSOM, not a style attribute: `style-src 'self'` blocks inline style
  // attributes (Lit's styleMap writes one on first render), but allows element.style.
  protected override updated(): void {
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('.bar[data-p]')) {
      bar.style.width = `${(Number(bar.dataset.p) * 100).toFixed(2)}%`;
    }
  }

  override render() {
    const { prediction: p, manifest } = this;
    return html`
      <div class="panel" part="panel">
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
          ${this.announcement()}
        </div>
        <p class="caption">Prediction</p>
        ${
          p && manifest
            ? html`
                <p class="label" part="label" data-label=${p.label}>
                  ${classLabel(manifest, p.label)}
                </p>
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
              `
            : html`<p class="waiting">${this.waitingText || nothing}</p>`
        }
      </div>
    `;
  }
}
