import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatEntryTime, formatNumber, formatProbability } from '../../format/format';
import { type HistoryEntry, isValueEntry } from '../../history/history-entry';
import type { ModelValue } from '../../inputs/validate-inputs';
import {
  categoryLabel,
  classLabel,
  type ClassificationManifest,
  type InputSpec,
  isRegression,
  type ModelManifest,
  type RegressionManifest,
} from '../../manifest/manifest-types';
import { positiveClass } from '../../manifest/outputs';
import { own } from '../../manifest/records';

function renderInput(spec: InputSpec, value: ModelValue | undefined) {
  // Absent: an entry of a model version without this input; null: an optional input left empty.
  if (value === undefined) return '—';
  if (value === null) return html`<span class="empty-value">empty</span>`;
  return spec.type === 'category' ? categoryLabel(spec, String(value)) : String(value);
}

/** The prediction's columns, per task: their headers and one entry's cells. */
interface OutcomeColumns {
  readonly headers: readonly string[];
  cells(entry: HistoryEntry): TemplateResult;
}

// An entry kept under another kind of model (a retrained model with a new task, same id) has
// nothing these columns can show.
const none = (n: number) => html`${Array.from({ length: n }, () => html`<td>—</td>`)}`;

function classColumns(manifest: ClassificationManifest): OutcomeColumns {
  // Binary: the headline class's probability, whichever class won (as the result shows it).
  const headline = manifest.task === 'binary' ? positiveClass(manifest) : undefined;
  return {
    headers: [
      'Prediction',
      headline
        ? (manifest.outputs.headline ?? `Probability of ${classLabel(manifest, headline)}`)
        : 'Probability',
    ],
    cells: (entry) => {
      if (isValueEntry(entry)) return none(2);
      const p = own(entry.probabilities, headline ?? entry.label);
      return html`<td class="label" data-label=${entry.label}>
          ${classLabel(manifest, entry.label)}
        </td>
        <td class="number" data-value=${p ?? ''}>
          ${p === undefined ? '—' : formatProbability(p)}
        </td>`;
    },
  };
}

function valueColumns(manifest: RegressionManifest): OutcomeColumns {
  const { label, format, interval } = manifest.outputs;
  const show = (v: number) => formatNumber(v, format);
  return {
    headers: interval ? [label, `${Math.round(interval.coverage * 100)} % range`] : [label],
    cells: (entry) => {
      if (!isValueEntry(entry)) return none(interval ? 2 : 1);
      const { value, range } = entry;
      return html`<td class="number" data-value=${value}>${show(value)}</td>
        ${
          interval
            ? html`<td class="number">
                ${range ? `${show(range.low)} – ${show(range.high)}` : '—'}
              </td>`
            : nothing
        }`;
    },
  };
}

function renderRow(
  manifest: ModelManifest,
  outcome: OutcomeColumns,
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
          ${renderInput(spec, entry.inputs[spec.name])}
          ${warned.has(spec.name) ? html`<span class="flag">outside training range</span>` : nothing}
        </td>`,
    )}
    ${outcome.cells(entry)}
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
 * prediction (class and its probability, the headline probability of a binary model, or the
 * formatted value and its range), and a Delete button per row. Wide tables scroll inside their
 * own focusable region, never the page.
 */
export function renderHistoryTable(
  manifest: ModelManifest,
  entries: readonly HistoryEntry[],
  onDelete: (entry: HistoryEntry) => void,
): TemplateResult {
  const outcome = isRegression(manifest) ? valueColumns(manifest) : classColumns(manifest);
  return html`<div class="table-scroll" role="region" aria-label="Kept predictions" tabindex="0">
    <table>
      <caption class="visually-hidden">
        Kept predictions of ${manifest.title}, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          ${manifest.inputs.map((spec) => html`<th scope="col">${spec.label}</th>`)}
          ${outcome.headers.map((h) => html`<th scope="col">${h}</th>`)}
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          entries,
          (entry) => entry.id,
          (entry) => renderRow(manifest, outcome, entry, onDelete),
        )}
      </tbody>
    </table>
  </div>`;
}
