import { html, nothing, type TemplateResult } from 'lit';
import type { BatchResult } from '../../batch/batch-types';
import { predictionColumnLabels, predictionColumns } from '../../csv/write-csv';
import {
  formatCount as count,
  formatDuration as duration,
  formatNumber,
  formatPercentOf as share,
  formatRows as rows,
} from '../../format/format';
import {
  classLabel,
  isRegression,
  type ModelManifest,
  type RegressionManifest,
} from '../../manifest/manifest-types';

export interface ResultLinks {
  readonly fileName: string;
  readonly downloadUrl: string;
  readonly downloadName: string;
}

/**
 * The outcome of a batch: counts, the download, what was predicted (rows per class, or the
 * predicted values' spread for a regression model), problems by reason, a preview.
 */
export function renderBatchResult(
  result: BatchResult,
  manifest: ModelManifest | undefined,
  links: ResultLinks,
): TemplateResult {
  const { summary } = result;
  return html`<div class="result" part="result">
    <h3>Scored “${links.fileName}”</h3>
    <p class="summary" data-testid="batch-summary">
      ${rows(summary.rows)}: ${count(summary.scored)} scored, ${count(summary.failed)} could not be
      scored (in ${duration(summary.elapsedMs)}).
    </p>
    <p>
      <a class="download" part="download" href=${links.downloadUrl} download=${links.downloadName}
        >Download scored CSV</a
      >
      <span class="muted download-hint"
        >${links.downloadName}: every input row, in order, with the prediction columns added.</span
      >
    </p>
    ${renderReplaced(result)} ${renderPredicted(result, manifest)} ${renderErrors(result)}
    ${renderPreview(result, manifest)}
  </div>`;
}

/** A file scored before: its old prediction columns were replaced, not written twice. */
function renderReplaced(result: BatchResult) {
  const replaced = result.summary.replacedColumns;
  if (replaced.length === 0) return nothing;
  const shown = replaced.length > 6 ? [...replaced.slice(0, 5), '…'] : replaced;
  return html`<p class="notice" data-testid="batch-replaced">
    The file already had prediction columns
    (${shown.map((c, i) => html`${i ? ', ' : ''}<code>${c}</code>`)}): they were replaced by this
    scoring's.
  </p>`;
}

function renderPredicted(result: BatchResult, manifest: ModelManifest | undefined) {
  return manifest && isRegression(manifest)
    ? renderValues(result, manifest)
    : renderClasses(result, manifest);
}

/** Lowest, mean and highest predicted value, in the manifest's display format. */
function renderValues(result: BatchResult, manifest: RegressionManifest) {
  const { values } = result.summary;
  if (!values) return nothing; // no row was scored: the summary and the errors say so
  const { label, format } = manifest.outputs;
  const stats = [
    ['min', 'Lowest', values.min],
    ['mean', 'Mean', values.mean],
    ['max', 'Highest', values.max],
  ] as const;
  return html`<h4>${label}, predicted for the scored rows</h4>
    <dl class="values" data-testid="batch-values">
      ${stats.map(
        ([stat, name, v]) =>
          html`<div data-stat=${stat} data-value=${v}>
            <dt>${name}</dt>
            <dd class="value">${formatNumber(v, format)}</dd>
          </div>`,
      )}
    </dl>`;
}

/** Rows per predicted class, by the class's readable name (binary models too: both classes). */
function renderClasses(result: BatchResult, manifest: ModelManifest | undefined) {
  const { byClass, scored } = result.summary;
  const named = manifest && !isRegression(manifest) ? manifest : undefined;
  return html`<h4>Predicted classes</h4>
    <ul class="classes" data-testid="batch-classes">
      ${Object.entries(byClass).map(
        ([label, n]) =>
          html`<li data-class=${label}>
            <span>${named ? classLabel(named, label) : label}</span>
            <span class="track" aria-hidden="true"
              ><span class="bar" data-p=${scored > 0 ? n / scored : 0}></span
            ></span>
            <span class="value">${count(n)} (${share(n, scored)})</span>
          </li>`,
      )}
    </ul>`;
}

function renderErrors(result: BatchResult) {
  const { errors, failed } = result.summary;
  if (errors.length === 0) return nothing;
  return html`<h4>Rows that could not be scored: ${count(failed)}</h4>
    <p class="muted">
      Their predictions are empty and the <code>error</code> column says why; a row with several
      problems is counted under each.
    </p>
    <ul class="errors" data-testid="batch-errors">
      ${errors.map(
        (group) =>
          html`<li data-reason=${group.reason}>
            <strong>${group.reason}</strong>: ${rows(group.count)}; first in data row
            ${count(group.firstRow)}: <q>${group.example}</q>
          </li>`,
      )}
    </ul>`;
}

function renderPreview(result: BatchResult, manifest: ModelManifest | undefined) {
  const columns = result.previewColumns;
  const inputs = columns.length - (manifest ? predictionColumns(manifest).length : 0);
  const headings = manifest
    ? [...columns.slice(0, inputs), ...predictionColumnLabels(manifest)]
    : columns;
  const errorColumn = columns.length - 1;
  const hidden = result.columns.length - columns.length;
  return html`<h4 id="batch-preview-heading">Preview: the first ${rows(result.preview.length)}</h4>
    ${
      hidden > 0
        ? html`<p class="muted" data-testid="batch-preview-cut">
            The preview shows the first ${count(inputs)} of ${count(inputs + hidden)} input columns;
            the scored file has them all.
          </p>`
        : nothing
    }
    <div class="table-wrap" role="region" aria-labelledby="batch-preview-heading" tabindex="0">
      <table data-testid="batch-preview">
        <thead>
          <tr>
            ${headings.map((h, i) => html`<th scope="col" data-column=${columns[i]!}>${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${result.preview.map(
            (cells) =>
              html`<tr class=${cells[errorColumn] ? 'failed' : ''}>
                ${cells.map((cell) => html`<td>${cell}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
