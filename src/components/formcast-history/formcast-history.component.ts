import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { acquirePredictor } from '../../client/shared-predictors';
import { formatEntryTime } from '../../format/format';
import { downloadTextFile } from '../../history/download-file';
import type { HistoryEntry } from '../../history/history-entry';
import { historyCsv, historyCsvFileName } from '../../history/history-csv';
import type { ModelManifest } from '../../manifest/manifest-types';
import { sharedStyles } from '../shared.styles';
import { historyStyles } from './formcast-history.styles';
import { HistoryController } from './history-controller';
import { PredictionCaptureController } from './prediction-capture-controller';
import { renderHistoryTable } from './render-history-table';

/**
 * The site's local prediction history: a switch (off by default), the kept predictions of the
 * model shown, newest first, with Delete per row, Delete all (confirmed in the page) and CSV
 * export. It records the `formcast-predict` events of the predictors in its own document or
 * shadow root (see PredictionCapture for which ones). The embeddable widget never keeps
 * anything; only the site's shell uses this element.
 *
 * @summary Keeps, lists, exports and deletes predictions on this device.
 * @tag formcast-history
 */
export class FormcastHistory extends LitElement {
  static override styles = [sharedStyles, historyStyles];

  /** URL of the model directory whose entries are listed and exported, e.g. `models/drug/`. */
  @property({ attribute: 'model-src' }) modelSrc = '';

  @state() private manifest: ModelManifest | undefined;
  @state() private confirmingDeleteAll = false;
  @state() private status = '';

  private readonly history = new HistoryController(this, {
    onDeletedElsewhere: () => (this.confirmingDeleteAll = false),
  });

  constructor() {
    super();
    // Registers itself with this element; loading the history waits for the model (or its
    // failure), so it never competes with the first prediction.
    new PredictionCaptureController(this, {
      recorder: this.history.recorder,
      isOn: () => this.history.enabled,
      onModelSettled: () => this.start(),
    });
  }

  private start(): void {
    if (!this.modelSrc) return;
    this.readManifest();
    this.history.start();
  }

  /**
   * The model's manifest, for the history's columns and names, read from the page-wide predictor
   * the widget loaded it into (no second fetch, no second validation). Only read: calling load()
   * here would restart a worker the widget is showing as crashed, behind the user's back.
   */
  private readManifest(): void {
    const held = acquirePredictor(this.modelSrc);
    this.manifest = held.predictor.manifest;
    held.release();
    if (!this.manifest) this.history.fail('The history cannot be shown: the model did not load.');
  }

  /** Entries of the model shown. */
  private rows(): readonly HistoryEntry[] {
    return this.history.entries.filter((e) => e.modelId === this.manifest?.id);
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private onToggle(event: Event): void {
    this.history.setEnabled((event.target as HTMLInputElement).checked);
  }

  private async deleteEntry(entry: HistoryEntry): Promise<void> {
    const index = this.rows().indexOf(entry);
    if (!(await this.history.delete(entry))) return;
    this.status = `Deleted the entry from ${formatEntryTime(entry.time)}.`;
    const rows = this.rows();
    const next = rows[Math.min(index, rows.length - 1)];
    await this.focusOn(next ? `button[data-entry-id="${next.id}"]` : '#keep');
  }

  private async deleteAll(): Promise<void> {
    if (!(await this.history.deleteAll())) return;
    this.confirmingDeleteAll = false;
    this.status = 'Deleted every kept prediction.';
    await this.focusOn('#keep');
  }

  private async askDeleteAll(show: boolean): Promise<void> {
    this.confirmingDeleteAll = show;
    await this.focusOn(show ? '.confirm .secondary' : '.delete-all');
  }

  private exportCsv(): void {
    if (!this.manifest) return;
    const name = historyCsvFileName(this.manifest.id, new Date());
    downloadTextFile(
      name,
      historyCsv(this.manifest, this.history.entries),
      'text/csv;charset=utf-8',
    );
    const n = this.rows().length;
    this.status = `Exported ${n} ${n === 1 ? 'entry' : 'entries'} to ${name}.`;
  }

  private renderActions(rows: readonly HistoryEntry[]) {
    const total = this.history.entries.length;
    const all = `${total} kept ${total === 1 ? 'prediction' : 'predictions'}`;
    return html`<div class="actions">
      <button type="button" ?disabled=${rows.length === 0} @click=${this.exportCsv}>
        Export CSV
      </button>
      ${
        this.confirmingDeleteAll
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-text">
              <p id="confirm-text">Delete all ${all} from this device? This cannot be undone.</p>
              <button type="button" class="secondary" @click=${() => this.askDeleteAll(false)}>
                Cancel
              </button>
              <button type="button" class="danger" @click=${this.deleteAll}>
                Delete all ${all}
              </button>
            </div>`
          : html`<button
              type="button"
              class="delete-all danger"
              @click=${() => this.askDeleteAll(true)}
            >
              Delete all
            </button>`
      }
    </div>`;
  }

  private renderEntries() {
    if (!this.history.loaded) return nothing;
    const total = this.history.entries.length;
    if (total === 0) {
      return html`<p class="empty" data-testid="history-empty">
        No predictions kept on this device.
        ${this.history.enabled ? 'Change a value in the form: its prediction is kept a second later.' : ''}
      </p>`;
    }
    const rows = this.rows();
    const others = total - rows.length;
    return html`<p class="count" data-testid="history-count">
        ${total} ${total === 1 ? 'prediction' : 'predictions'} kept on this
        device${
          others > 0 ? html`, ${others} of them from other models (open those to see them)` : ''
        }.
      </p>
      ${
        this.manifest && rows.length > 0
          ? renderHistoryTable(this.manifest, rows, (entry) => void this.deleteEntry(entry))
          : nothing
      }
      ${this.renderActions(rows)}`;
  }

  override render() {
    return html`
      <div class="switch">
        <input
          id="keep"
          type="checkbox"
          role="switch"
          aria-describedby="keep-hint"
          .checked=${this.history.enabled}
          @change=${this.onToggle}
        />
        <label for="keep">Keep a history of my predictions on this device</label>
      </div>
      <p id="keep-hint" class="hint">
        Off by default. When on, a prediction is kept in this browser once the form has stayed
        unchanged for a second; nothing is sent anywhere. Turning it off keeps what is already kept:
        delete it below.
      </p>
      ${
        this.history.problem
          ? html`<p class="problem" role="alert">${this.history.problem}</p>`
          : nothing
      }
      ${this.renderEntries()}
      <p class="visually-hidden" role="status">${this.status}</p>
    `;
  }
}
