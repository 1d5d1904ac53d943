import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { formatKilobytes, formatShare, formatUtcDate, formatValue } from '../../format/format';
import { classLabel, type Metric, type ModelManifest } from '../../manifest/manifest-types';
import type { BatchPredictor } from '../../golden/check-golden';
import { buttonStyles } from '../controls.styles';
import { missingHint } from '../formcast-field/describe-input';
import { sharedStyles } from '../shared.styles';
import { metricName, metricValue } from './describe-metrics';
import { modelCardStyles } from './formcast-model-card.styles';
import { GoldenCheckController } from './golden-check-controller';

/**
 * What a user should know before trusting a model: version, age, measured quality with its
 * spread, where the data came from, what the prediction's range means, which inputs may be left
 * empty and what the model then assumes, what it is for and what it is not for.
 *
 * @summary The model card of a manifest.
 * @tag formcast-model-card
 * @csspart card - The details element.
 */
export class FormcastModelCard extends LitElement {
  static override styles = [sharedStyles, buttonStyles, modelCardStyles];

  private readonly goldenCheck = new GoldenCheckController(this);

  /** The manifest to describe. */
  @property({ attribute: false }) manifest: ModelManifest | undefined;
  /** The predictor running this manifest's model: with it, the card offers the golden check. */
  @property({ attribute: false }) predictor: BatchPredictor | undefined;
  /** Open the card initially. */
  @property({ type: Boolean, reflect: true }) open = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('manifest') || changed.has('predictor')) this.goldenCheck.reset();
  }

  /** Rows per class (class tasks) or the target's spread (regression). */
  private dataSummary(m: ModelManifest): string {
    if (m.task === 'regression') {
      const t = m.metrics.target;
      if (!t) return '';
      const f = (v: number) => formatValue(m.outputs, v);
      return `${m.outputs.label} from ${f(t.min)} to ${f(t.max)}, median ${f(t.median)}.`;
    }
    const counts = Object.entries(m.metrics.classCounts ?? {});
    return counts.length
      ? `Rows per class: ${counts.map(([label, n]) => `${classLabel(m, label)} ${n}`).join(', ')}.`
      : '';
  }

  private renderMetric(metric: Metric) {
    return html`<li data-metric=${metric.metric}>
      ${metricName(metric)}: <strong>${metricValue(metric)}</strong>${
        metric.description ? html` <span class="muted">${metric.description}</span>` : nothing
      }
    </li>`;
  }

  override render() {
    const m = this.manifest;
    if (!m) return nothing;
    const cv = m.metrics.crossValidation;
    const data = m.training.data;
    const interval = m.task === 'regression' ? m.outputs.interval : undefined;
    const optional = m.inputs.filter((s) => s.optional);
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
            <time datetime=${m.createdAt}>${formatUtcDate(m.createdAt)} UTC</time>
          </dd>
          <dt>Measured quality</dt>
          <dd data-field="metrics">
            ${
              cv
                ? html`<ul>
                      ${[cv, ...(m.metrics.others ?? [])].map((metric) =>
                        this.renderMetric(metric),
                      )}
                    </ul>
                    Mean ± std over ${cv.folds}-fold ${cv.method}; accepted on ${metricName(cv)}.`
                : m.metrics.notMeasured
            }
          </dd>
          ${
            interval
              ? html`<dt>Range</dt>
                  <dd data-field="range">
                    ${formatShare(interval.coverage)} range. ${interval.method}
                  </dd>`
              : nothing
          }
          <dt>Training data</dt>
          <dd>
            <code>${data.file}</code>, ${data.rows} rows. ${this.dataSummary(m)} ${data.source}.
            Licence: ${data.licence}. sha256 <code>${data.sha256.slice(0, 12)}…</code>
          </dd>
          ${
            optional.length
              ? html`<dt>Optional inputs</dt>
                  <dd data-field="optional">
                    <ul>
                      ${optional.map(
                        (s) => html`<li><strong>${s.label}</strong> — ${missingHint(s)}</li>`,
                      )}
                    </ul>
                  </dd>`
              : nothing
          }
          <dt>Model file</dt>
          <dd>
            ${formatKilobytes(m.model.bytes)}, sha256
            <code>${m.model.sha256.slice(0, 12)}…</code>, checked on load
          </dd>
          ${this.goldenCheck.render(m, this.predictor)}
        </dl>
        <strong>Limitations</strong>
        <ul>
          ${m.limitations.map((l) => html`<li>${l}</li>`)}
        </ul>
      </details>
    `;
  }
}
