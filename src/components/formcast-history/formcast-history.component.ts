import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { downloadTextFile } from '../../history/download-file';
import type { HistoryEntry } from '../../history/history-entry';
import { historyCsv, historyCsvFileName } from '../../history/history-csv';
import { acquirePredictor } from '../../client/shared-predictors';
import {
  HISTORY_PREFERENCE_KEY,
  readHistoryPreference,
  writeHistoryPreference,
} from '../../history/history-preference';
import { localStorageJournal } from '../../history/history-journal';
import { HistoryRecorder } from '../../history/history-recorder';
import { HistoryStore } from '../../history/history-store';
import { formatEntryTime } from '../../format/format';
import type { ModelManifest } from '../../manifest/manifest-types';
import { sharedStyles } from '../shared.styles';
import { historyStyles } from './formcast-history.styles';
import { PredictionCapture } from './prediction-capture';
import { renderHistoryTable } from './render-history-table';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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

  @state() private enabled = readHistoryPreference();
  @state() private manifest: ModelManifest | undefined;
  /** Every kept entry, of every model, newest first. */
  @state() private entries: readonly HistoryEntry[] = [];
  @state() private loaded = false;
  @state() private confirmingDeleteAll = false;
  @state() private problem = '';
  @state() private status = '';

  private readonly store = new HistoryStore({ onDeleted: () => this.deletedElsewhere() });
  private readonly recorder = new HistoryRecorder({
    store: this.store,
    journal: localStorageJournal,
    onSaved: () => void this.reload(),
    onError: (error) => (this.problem = message(error)),
  });

  constructor() {
    super();
    // Registers itself with this element; loading the history waits for the model (or its
    // failure), so it never competes with the first prediction.
    new PredictionCapture(this, {
      recorder: this.recorder,
      isOn: () => this.enabled,
      onModelSettled: () => this.start(),
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('storage', this.onStorage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('storage', this.onStorage);
    void this.recorder.flush().then(() => this.store.close());
  }

  private start(): void {
    if (!this.modelSrc) return;
    this.readManifest();
    void this.recorder.recover().then(() => this.reload());
    if (this.enabled) this.prepareStore();
  }

  private async reload(): Promise<void> {
    try {
      this.entries = await this.store.list();
    } catch (error) {
      this.problem = message(error);
    }
    this.loaded = true;
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
    if (!this.manifest) this.problem = 'The history cannot be shown: the model did not load.';
  }

  /** Entries of the model shown. */
  private rows(): readonly HistoryEntry[] {
    return this.entries.filter((e) => e.modelId === this.manifest?.id);
  }

  private prepareStore(): void {
    this.store.prepare().catch((error: unknown) => (this.problem = message(error)));
  }

  private deletedElsewhere(): void {
    this.recorder.discard();
    localStorageJournal.clear();
    this.entries = [];
    this.confirmingDeleteAll = false;
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private readonly onStorage = (event: StorageEvent) => {
    if (event.key !== null && event.key !== HISTORY_PREFERENCE_KEY) return;
    this.enabled = readHistoryPreference();
    if (!this.enabled) this.recorder.discard();
  };

  private onToggle(event: Event): void {
    this.enabled = (event.target as HTMLInputElement).checked;
    if (this.enabled) this.prepareStore();
    else this.recorder.discard();
    if (!writeHistoryPreference(this.enabled))
      this.problem = 'This browser does not let the site remember the switch: it lasts this visit.';
  }

  private async deleteEntry(entry: HistoryEntry): Promise<void> {
    const index = this.rows().indexOf(entry);
    try {
      await this.store.delete(entry.id);
    } catch (error) {
      this.problem = message(error);
      return;
    }
    await this.reload();
    this.status = `Deleted the entry from ${formatEntryTime(entry.time)}.`;
    const rows = this.rows();
    const next = rows[Math.min(index, rows.length - 1)];
    await this.focusOn(next ? `button[data-entry-id="${next.id}"]` : '#keep');
  }

  private async deleteAll(): Promise<void> {
    // A prediction still waiting would bring an entry back a second after "delete all".
    this.recorder.discard();
    localStorageJournal.clear();
    try {
      await this.store.clear();
    } catch (error) {
      this.problem = message(error);
      return;
    }
    this.confirmingDeleteAll = false;
    await this.reload();
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
    downloadTextFile(name, historyCsv(this.manifest, this.entries), 'text/csv;charset=utf-8');
    const n = this.rows().length;
    this.status = `Exported ${n} ${n === 1 ? 'entry' : 'entries'} to ${name}.`;
  }

  private renderActions(rows: readonly HistoryEntry[]) {
    const total = this.entries.length;
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
    if (!this.loaded) return nothing;
    const total = this.entries.length;
    if (total === 0) {
      return html`<p class="empty" data-testid="history-empty">
        No predictions kept on this device.
        ${this.enabled ? 'Change a value in the form: its prediction is kept a second later.' : ''}
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
          .checked=${this.enabled}
          @change=${this.onToggle}
        />
        <label for="keep">Keep a history of my predictions on this device</label>
      </div>
      <p id="keep-hint" class="hint">
        Off by default. When on, a prediction is kept in this browser once the form has stayed
        unchanged for a second; nothing is sent anywhere. Turning it off keeps what is already kept:
        delete it below.
      </p>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      ${this.renderEntries()}
      <p class="visually-hidden" role="status">${this.status}</p>
    `;
  }
}
