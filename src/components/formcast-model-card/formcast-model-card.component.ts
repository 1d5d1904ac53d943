import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { ModelManifest } from '../../manifest/manifest-types';
import { sharedStyles } from '../shared.styles';
import { modelCardStyles } from './formcast-model-card.styles';

const dateFormat = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * What a user should know before trusting a model: version, age, measured accuracy with its
 * spread, where the data came from, what it is for and what it is not for.
 *
 * @summary The model card of a manifest.
 * @tag formcast-model-card
 * @csspart card - The details element.
 */
export class FormcastModelCard extends LitElement {
  static override styles = [sharedStyles, modelCardStyles];

  /** The manifest to describe. */
  @property({ attribute: false }) manifest: ModelManifest | undefined;
  /** Open the card initially. */
  @property({ type: Boolean, reflect: true }) open = false;

  override render() {
    const m = this.manifest;
    if (!m) return nothing;
    const cv = m.metrics.crossValidation;
    const data = m.training.data;
    const counts = Object.entries(m.metrics.classCounts)
      .map(([label, n]) => `${label} ${n}`)
      .join(', ');
    return html`
      <details
        part="card"
        ?open=${this.open}
        @toggle=${(e: Event) => (this.open = (e.target as HTMLDetailsElement).open)}
      >
        <summary>About this model</summary>
        <p>${m.description}</p>
        <p class="notice" role="note"><strong>Intended use:</strong> ${m.intendedUse}</p>
        <dl>
          <dt>Model</dt>
          <dd>${m.title}, version <span data-field="version">${m.version}</span></dd>
          <dt>Created</dt>
          <dd>
            <time datetime=${m.createdAt}>${dateFormat.format(new Date(m.createdAt))} UTC</time>
          </dd>
          <dt>Accuracy</dt>
          <dd data-field="accuracy">
            ${cv.mean.toFixed(3)} ± ${cv.std.toFixed(3)} (${cv.metric}, ${cv.folds}-fold
            ${cv.method}, mean ± std)
          </dd>
          <dt>Training data</dt>
          <dd>
            <code>${data.file}</code>, ${data.rows} rows (${counts}). ${data.source}. Licence:
            ${data.licence}. sha256 <code>${data.sha256.slice(0, 12)}…</code>
          </dd>
          <dt>Model file</dt>
          <dd>
            ${(m.model.bytes / 1024).toFixed(1)} KB, sha256
            <code>${m.model.sha256.slice(0, 12)}…</code>, checked on load
          </dd>
        </dl>
        <strong>Limitations</strong>
        <ul>
          ${m.limitations.map((l) => html`<li>${l}</li>`)}
        </ul>
      </details>
    `;
  }
}
