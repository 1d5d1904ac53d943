import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HistoryEntry } from '../../history/history-entry';
import { localStorageJournal } from '../../history/history-journal';
import {
  HISTORY_PREFERENCE_KEY,
  readHistoryPreference,
  writeHistoryPreference,
} from '../../history/history-preference';
import { HistoryRecorder } from '../../history/history-recorder';
import { HistoryStore } from '../../history/history-store';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface HistoryControllerOptions {
  /** Another tab deleted the history: whatever the host was asking about it is moot. */
  readonly onDeletedElsewhere: () => void;
}

/**
 * The state of `<formcast-history>`: the switch, the kept entries as the store has them, and the
 * last problem to show. It owns the store and the recorder, follows the switch and deletions made
 * in other tabs, and writes a pending prediction before its host leaves the page. The host
 * re-renders on every change.
 */
export class HistoryController implements ReactiveController {
  /** Keep new predictions (the switch, remembered per browser). */
  enabled = readHistoryPreference();
  /** Every kept entry, of every model, newest first. */
  entries: readonly HistoryEntry[] = [];
  /** The entries have been read once (an empty list means empty, not "not read yet"). */
  loaded = false;
  /** The last failure, in words; empty when there is none. */
  problem = '';
  /** `problem` is a failed save: the next save that goes through clears it. */
  private saveFailed = false;

  readonly recorder: HistoryRecorder;
  private readonly store: HistoryStore;
  private readonly host: ReactiveControllerHost;
  private readonly options: HistoryControllerOptions;

  constructor(host: ReactiveControllerHost, options: HistoryControllerOptions) {
    this.host = host;
    this.options = options;
    this.store = new HistoryStore({
      onDeleted: () => this.deletedElsewhere(),
      // Another tab kept, deleted or cleared entries: list what is there now.
      onChanged: () => void this.reload(),
    });
    this.recorder = new HistoryRecorder({
      store: this.store,
      journal: localStorageJournal,
      onSaved: () => void this.reload(),
      onWritten: () => {
        if (!this.saveFailed) return;
        this.saveFailed = false;
        this.problem = '';
        this.host.requestUpdate();
      },
      onError: (error) => {
        this.fail(error);
        this.saveFailed = true;
      },
    });
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('storage', this.onStorage);
  }

  hostDisconnected(): void {
    removeEventListener('storage', this.onStorage);
    void this.recorder.flush().then(() => this.store.close());
  }

  /** Reads the history (after storing what a closed tab left in the journal). */
  start(): void {
    void this.recorder.recover().then(() => this.reload());
    if (this.enabled) this.prepareStore();
  }

  async reload(): Promise<void> {
    try {
      this.entries = await this.store.list();
    } catch (error) {
      this.problem = message(error);
    }
    this.loaded = true;
    this.host.requestUpdate();
  }

  /** Shows a problem (also for the host's own failures). */
  fail(error: unknown): void {
    this.saveFailed = false;
    this.problem = typeof error === 'string' ? error : message(error);
    this.host.requestUpdate();
  }

  /** The user turned the switch: on keeps the next predictions, off keeps what is kept. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (enabled) this.prepareStore();
    else this.recorder.discard();
    if (!writeHistoryPreference(enabled))
      this.problem = 'This browser does not let the site remember the switch: it lasts this visit.';
    this.host.requestUpdate();
  }

  /** Deletes one entry and reads the list again; false (and a problem shown) when it failed. */
  async delete(entry: HistoryEntry): Promise<boolean> {
    try {
      await this.store.delete(entry.id);
    } catch (error) {
      this.fail(error);
      return false;
    }
    await this.reload();
    return true;
  }

  /** Deletes every entry of every model; false (and a problem shown) when it failed. */
  async deleteAll(): Promise<boolean> {
    // A prediction still waiting would bring an entry back a second after "delete all".
    this.recorder.discard();
    localStorageJournal.clear();
    try {
      await this.store.clear();
    } catch (error) {
      this.fail(error);
      return false;
    }
    await this.reload();
    return true;
  }

  private prepareStore(): void {
    this.store.prepare().catch((error: unknown) => this.fail(error));
  }

  private deletedElsewhere(): void {
    this.recorder.discard();
    localStorageJournal.clear();
    this.entries = [];
    this.options.onDeletedElsewhere();
    this.host.requestUpdate();
  }

  private readonly onStorage = (event: StorageEvent) => {
    if (event.key !== null && event.key !== HISTORY_PREFERENCE_KEY) return;
    this.enabled = readHistoryPreference();
    if (!this.enabled) this.recorder.discard();
    this.host.requestUpdate();
  };
}
