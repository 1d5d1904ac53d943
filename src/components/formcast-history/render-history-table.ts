import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { HistoryEntry } from '../../history/history-entry';
import { formatEntryTime } from '../../history/history-time';
import {
  categoryLabel,
  classLabel,
  type InputSpec,
  type ModelManifest,
} from '../../manifest/manifest-types';
import { formatProbability } from '../formcast-result/formcast-result.component';

function inputText(spec: InputSpec, value: number | string | undefined): string {
  if (value === undefined) return '—';
  return spec.type === 'category' ? categoryLabel(spec, String(value)) : String(value);
}

function renderRow(
  manifest: ModelManifest,
  entry: HistoryEntry,
  onDelete: (entry: HistoryEntry) => void,
): TemplateResult {
  const when = formatEntryTime(entry.time);
  const warned = new Set(entry.warnings.map((w) => w.field));
  return html`<tr data-entry-id=${entry.id}>
    <th scope="row"><time datetime=${entry.time}>${when}</time></th>
    ${manifest.inputs.map(
      (spec) =>
        html`<td data-input=${spec.name}>
          ${inputText(spec, entry.inputs[spec.name])}
          ${warned.has(spec.name) ? html`<span class="flag">outside training range</span>` : nothing}
        </td>`,
    )}
    <td class="label" data-label=${entry.label}>${classLabel(manifest, entry.label)}</td>
    <td class="number">${formatProbability(entry.probabilities[entry.label] ?? 0)}</td>
    <td>
      <button
        type="button"
        class="secondary"
        data-entry-id=${entry.id}
        aria-label="Delete entry from ${when}"
        @click=${() => onDelete(entry)}
      >
        Delete
      </button>
    </td>
  </tr>`;
}

/**
 * The kept predictions of one model, newest first: time, the inputs by their labels, the
 * prediction and its probability, and a Delete button per row. Wide tables scroll inside their
 * own focusable region, never the page.
 */
export function renderHistoryTable(
  manifest: ModelManifest,
  entries: readonly HistoryEntry[],
  onDelete: (entry: HistoryEntry) => void,
): TemplateResult {
  return html`<div class="table-scroll" role="region" aria-label="Kept predictions" tabindex="0">
    <table>
      <caption class="visually-hidden">
        Kept predictions of ${manifest.title}, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          ${manifest.inputs.map((spec) => html`<th scope="col">${spec.label}</th>`)}
          <th scope="col">Prediction</th>
          <th scope="col">Probability</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          entries,
          (entry) => entry.id,
          (entry) => renderRow(manifest, entry, onDelete),
        )}
      </tbody>
    </table>
  </div>`;
}
