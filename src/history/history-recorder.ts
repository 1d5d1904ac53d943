import type { FormcastPredictDetail } from '../events/formcast-events';
import type { ModelValues } from '../inputs/validate-inputs';
import { type HistoryEntry, type NewHistoryEntry, toHistoryEntry } from './history-entry';
import type { HistoryJournal } from './history-journal';
import type { HistoryWriter } from './history-store';

/** How long the form must stay unchanged before its prediction is kept. */
export const STABLE_AFTER_MS = 1000;

export interface HistoryRecorderOptions {
  readonly store: HistoryWriter;
  /** Holds the entry saved as the page goes away until the store has it. */
  readonly journal?: HistoryJournal;
  readonly stableAfterMs?: number;
  /** The clock, replaceable in tests. */
  readonly now?: () => Date;
  /** An entry was stored. */
  readonly onSaved?: (entry: HistoryEntry) => void;
  /** A save went through: stored, or not needed (the newest entry was the same). */
  readonly onWritten?: () => void;
  /** A save failed twice (it is tried once more before this). */
  readonly onError?: (error: unknown) => void;
  /** How long to wait before trying a failed save again. */
  readonly retryAfterMs?: number;
}

/** Wait before the one retry of a failed save: a busy or closing database often recovers. */
export const RETRY_AFTER_MS = 300;

function sameInputs(a: ModelValues, b: ModelValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Same model, same version, same inputs: the output is then the same too. */
export function isSamePrediction(
  a: Pick<HistoryEntry, 'modelId' | 'modelVersion' | 'inputs'>,
  b: Pick<HistoryEntry, 'modelId' | 'modelVersion' | 'inputs'>,
): boolean {
  return (
    a.modelId === b.modelId && a.modelVersion === b.modelVersion && sameInputs(a.inputs, b.inputs)
  );
}

/**
 * Decides which predictions become history entries. The form predicts on every keystroke, so a
 * prediction is kept only once the form has stayed unchanged for `stableAfterMs` (no newer
 * prediction, no edit), and not when it repeats the newest entry. `flush()` saves the pending one
 * at once, for when the page is going away.
 */
export class HistoryRecorder {
  private readonly options: HistoryRecorderOptions;
  private pending: NewHistoryEntry | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  // Saves run one after another, so each one's duplicate check sees the previous one's entry.
  private queue: Promise<void> = Promise.resolve();

  constructor(options: HistoryRecorderOptions) {
    this.options = options;
  }

  /** A prediction was shown: it replaces any pending one and restarts the wait. */
  offer(prediction: FormcastPredictDetail): void {
    this.discard();
    this.pending = toHistoryEntry(prediction, (this.options.now ?? (() => new Date()))());
    this.timer = setTimeout(() => void this.flush(), this.options.stableAfterMs ?? STABLE_AFTER_MS);
  }

  /** Forgets the pending prediction: the form changed (and may now be invalid), or saving stopped. */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  /**
   * Saves the pending prediction now, if any; resolves when every save so far has finished.
   * `pageGoingAway` also writes it to the journal first, synchronously: the page may be gone
   * before the store's write completes.
   */
  flush(pageGoingAway = false): Promise<void> {
    const entry = this.pending;
    this.discard();
    if (!entry) return this.queue;
    if (pageGoingAway) this.options.journal?.write(entry);
    return this.enqueue(entry);
  }

  /** Saves the entry a previous page left in the journal, if any (at most once). */
  recover(): Promise<void> {
    const entry = this.options.journal?.read();
    return entry ? this.enqueue(entry) : this.queue;
  }

  private enqueue(entry: NewHistoryEntry): Promise<void> {
    this.queue = this.queue.then(() => this.save(entry));
    return this.queue;
  }

  private async save(entry: NewHistoryEntry): Promise<void> {
    const add = () =>
      this.options.store.add(
        entry,
        (newest) => newest !== undefined && isSamePrediction(newest, entry),
      );
    let saved: HistoryEntry | undefined;
    try {
      saved = await add();
    } catch {
      // Once more after a moment: a transaction aborted by a closing connection, or a quota
      // the browser has since raised, often succeeds the second time.
      await new Promise((resolve) =>
        setTimeout(resolve, this.options.retryAfterMs ?? RETRY_AFTER_MS),
      );
      try {
        saved = await add();
      } catch (error) {
        this.options.onError?.(error);
        return;
      }
    }
    // Stored, or already there: either way the journal's copy has served.
    this.options.journal?.clear(entry);
    this.options.onWritten?.();
    if (saved) this.options.onSaved?.(saved);
  }
}
