import type { NewHistoryEntry } from './history-entry';

/** localStorage key of the entry being saved as the page went away. */
export const HISTORY_JOURNAL_KEY = 'formcast:history-pending';

/**
 * Where the recorder puts the entry it saves as the page goes away. An IndexedDB write started
 * on `pagehide` is often aborted with the page (in our Chromium tests, on about a third of
 * reloads); localStorage writes synchronously, so the entry survives and the next visit saves it.
 */
export interface HistoryJournal {
  write(entry: NewHistoryEntry): void;
  read(): NewHistoryEntry | undefined;
  /** Forgets the journal's entry if it is `entry` (a newer one is kept), or in any case. */
  clear(entry?: NewHistoryEntry): void;
}

function isEntry(value: unknown): value is NewHistoryEntry {
  const v = value as Record<string, unknown> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.time !== 'string' ||
    typeof v.modelId !== 'string' ||
    typeof v.modelVersion !== 'string' ||
    typeof v.inputs !== 'object' ||
    v.inputs === null ||
    !Array.isArray(v.warnings)
  )
    return false;
  if (v.task === 'regression') return typeof v.value === 'number';
  return (
    typeof v.label === 'string' && typeof v.probabilities === 'object' && v.probabilities !== null
  );
}

/** The journal in localStorage; every method is a no-op where storage is refused. */
export const localStorageJournal: HistoryJournal = {
  write(entry) {
    try {
      localStorage.setItem(HISTORY_JOURNAL_KEY, JSON.stringify(entry));
    } catch {
      // No storage: the IndexedDB write is all there is.
    }
  },
  read() {
    try {
      const text = localStorage.getItem(HISTORY_JOURNAL_KEY);
      const value: unknown = text === null ? undefined : JSON.parse(text);
      return isEntry(value) ? value : undefined;
    } catch {
      return undefined;
    }
  },
  clear(entry) {
    try {
      if (!entry || localStorage.getItem(HISTORY_JOURNAL_KEY) === JSON.stringify(entry))
        localStorage.removeItem(HISTORY_JOURNAL_KEY);
    } catch {
      // Nothing to clear where nothing could be written.
    }
  },
};
