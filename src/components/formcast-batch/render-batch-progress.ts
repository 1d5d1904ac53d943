import { html, type TemplateResult } from 'lit';
// An absent value attribute makes <progress> indeterminate; assigning .value = undefined throws.
import { ifDefined } from 'lit/directives/if-defined.js';
import type { BatchProgress } from '../../batch/batch-types';
import { formatCount as count, formatRows as rows } from '../../format/format';
import { estimateProgress } from './progress-estimate';

/** `12,345 of about 1,000,000 rows · 850,000 rows/s · about 1 s left`. */
export function describeProgress(progress: BatchProgress | undefined): string {
  if (!progress) return 'Starting the scoring engine…';
  const estimate = estimateProgress(progress);
  const parts = [
    estimate.rowsTotal === undefined
      ? rows(estimate.rowsDone)
      : `${count(estimate.rowsDone)} of about ${rows(estimate.rowsTotal)}`,
  ];
  if (estimate.rowsPerSecond) {
    parts.push(`${count(Math.round(estimate.rowsPerSecond))} rows/s`);
  }
  if (estimate.secondsLeft !== undefined) {
    parts.push(`about ${Math.ceil(estimate.secondsLeft)} s left`);
  }
  return parts.join(' · ');
}

/** The running batch: a bar by bytes, rows done of the estimated total, rate, time left. */
export function renderBatchProgress(
  fileName: string,
  progress: BatchProgress | undefined,
  onCancel: () => void,
): TemplateResult {
  return html`<div class="progress" part="progress">
    <label for="batch-progress">Scoring “${fileName}”…</label>
    <progress
      id="batch-progress"
      max="1"
      value=${ifDefined(progress ? estimateProgress(progress).fraction : undefined)}
    ></progress>
    <p class="progress-text" data-testid="batch-progress-text">${describeProgress(progress)}</p>
    <button type="button" class="cancel" @click=${onCancel}>Cancel</button>
  </div>`;
}
