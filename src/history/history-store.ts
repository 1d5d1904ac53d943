import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { HistoryEntry, NewHistoryEntry } from './history-entry';
import { HistoryError, HistoryErrorCode, toHistoryError } from './history-errors';

/** The site's IndexedDB database; this module owns its schema and version. */
export const HISTORY_DATABASE = 'formcast';
const STORE = 'history';
const VERSION = 1;

interface HistorySchema extends DBSchema {
  history: { key: number; value: HistoryEntry; indexes: { time: string } };
}

type HistoryDb = IDBPDatabase<HistorySchema>;

/** What the recorder needs from the store; a fake implements it in unit tests. */
export interface HistoryWriter {
  /**
   * Adds `entry` unless `skipIf(newest entry)` says not to, in one transaction so that no other
   * write (another tab) can come between the check and the add. Resolves to the stored entry, or
   * undefined when skipped.
   */
  add(
    entry: NewHistoryEntry,
    skipIf?: (newest: HistoryEntry | undefined) => boolean,
  ): Promise<HistoryEntry | undefined>;
}

export interface HistoryStoreOptions {
  /** The database was deleted from elsewhere (the stored-data panel, another tab). */
  readonly onDeleted?: () => void;
  /** Another tab (or the stored-data panel) added, deleted or cleared entries. */
  readonly onChanged?: () => void;
}

/** Where the site's tabs tell each other that the history changed. */
const CHANNEL = 'formcast-history';

/**
 * Tells the site's other tabs that the history changed, so that none lists entries that no longer
 * exist (or misses new ones). Every write of the store sends it; so does clearing stored data.
 */
export function announceHistoryChange(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** IndexedDB itself, or a HistoryError saying this browser offers none here. */
function indexedDb(): IDBFactory {
  if (typeof indexedDB === 'undefined') {
    throw new HistoryError(
      HistoryErrorCode.StorageUnavailable,
      'The history cannot be kept here: this browser offers no IndexedDB (some private modes and embedded browsers turn it off).',
    );
  }
  return indexedDB;
}

/** Whether the database exists, so that merely looking at an empty history never creates one. */
async function databaseExists(): Promise<boolean> {
  const indexedDB = indexedDb();
  // Without indexedDB.databases() (older browsers) we cannot tell; opening is then harmless.
  if (!indexedDB.databases) return true;
  const databases = await indexedDB.databases();
  return databases.some((d) => d.name === HISTORY_DATABASE);
}

/**
 * The prediction history in IndexedDB (database `formcast`, object store `history`, index on
 * `time`). Reads never create the database; the first add does. Every failure is a HistoryError.
 */
export class HistoryStore implements HistoryWriter {
  private connection: Promise<HistoryDb> | undefined;
  private readonly options: HistoryStoreOptions;
  private readonly channel: BroadcastChannel | undefined;

  constructor(options: HistoryStoreOptions = {}) {
    this.options = options;
    if (options.onChanged && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = () => options.onChanged?.();
    }
  }

  private async open(create: boolean): Promise<HistoryDb | undefined> {
    indexedDb(); // a HistoryError, not a ReferenceError, where there is no IndexedDB
    if (!this.connection && !create && !(await databaseExists())) return undefined;
    this.connection ??= openDB<HistorySchema>(HISTORY_DATABASE, VERSION, {
      upgrade(db) {
        const store = db.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
        store.createIndex('time', 'time');
      },
      // An open connection blocks deleting the database (the stored-data panel's Clear) or
      // upgrading it (a newer build in another tab) until it closes: step aside at once.
      blocking: (_current, next, event) => {
        (event.target as IDBDatabase).close();
        this.connection = undefined;
        if (next === null) this.options.onDeleted?.();
      },
      terminated: () => {
        this.connection = undefined;
      },
    });
    try {
      return await this.connection;
    } catch (error) {
      this.connection = undefined;
      throw toHistoryError(error, HistoryErrorCode.StorageUnavailable, 'opened');
    }
  }

  private async run<T>(doing: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toHistoryError(error, HistoryErrorCode.StorageFailed, doing);
    }
  }

  /** Opens the database now, creating it if needed, so that the first save is quicker. */
  async prepare(): Promise<void> {
    await this.open(true);
  }

  add(
    entry: NewHistoryEntry,
    skipIf?: (newest: HistoryEntry | undefined) => boolean,
  ): Promise<HistoryEntry | undefined> {
    return this.run('saved', async () => {
      const db = (await this.open(true))!;
      const tx = db.transaction(STORE, 'readwrite');
      // Awaited below; this only keeps an abort from also surfacing as an unhandled rejection.
      tx.done.catch(() => {});
      const newest = (await tx.store.index('time').openCursor(null, 'prev'))?.value;
      if (skipIf?.(newest)) {
        await tx.done;
        return undefined;
      }
      // The key generator writes `id` into the stored value (keyPath 'id').
      const id = await tx.store.add(entry as HistoryEntry);
      await tx.done;
      announceHistoryChange();
      return { ...entry, id };
    });
  }

  /** Every entry, newest first (by time, then by id). */
  list(): Promise<HistoryEntry[]> {
    return this.run('read', async () => {
      const db = await this.open(false);
      return db ? (await db.getAllFromIndex(STORE, 'time')).reverse() : [];
    });
  }

  count(): Promise<number> {
    return this.run('read', async () => {
      const db = await this.open(false);
      return db ? db.count(STORE) : 0;
    });
  }

  delete(id: number): Promise<void> {
    return this.run('changed', async () => {
      const db = await this.open(false);
      await db?.delete(STORE, id);
      announceHistoryChange();
    });
  }

  clear(): Promise<void> {
    return this.run('cleared', async () => {
      const db = await this.open(false);
      await db?.clear(STORE);
      announceHistoryChange();
    });
  }

  close(): void {
    this.channel?.close();
    void this.connection?.then(
      (db) => db.close(),
      () => {},
    );
    this.connection = undefined;
  }
}

/** How many predictions are kept, for the stored-data panel; 0 when there is no history. */
export async function countHistoryEntries(): Promise<number> {
  const store = new HistoryStore();
  try {
    return await store.count();
  } finally {
    store.close();
  }
}
