import { announceHistoryChange, countHistoryEntries } from '../history/history-store';

/** What this site keeps on the device, for the "stored data" panel. */
export interface StoredData {
  /** Bytes used by this origin, as the browser estimates it (caches, IndexedDB...). */
  readonly usageBytes: number | undefined;
  /** Cached files, by cache name. */
  readonly caches: readonly { readonly name: string; readonly files: number }[];
  /** Model directories with a cached manifest, e.g. `models/drug/`. */
  readonly models: readonly string[];
  /** Predictions kept in the history (IndexedDB); undefined when it cannot be read. */
  readonly historyEntries: number | undefined;
}

export async function readStoredData(): Promise<StoredData> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const result: { name: string; files: number }[] = [];
  const models = new Set<string>();
  if ('caches' in globalThis) {
    for (const name of await caches.keys()) {
      const requests = await (await caches.open(name)).keys();
      result.push({ name, files: requests.length });
      for (const request of requests) {
        const match = new URL(request.url).pathname.match(/(models\/[^/]+\/)manifest\.json$/);
        if (match) models.add(match[1]!);
      }
    }
  }
  const historyEntries = await countHistoryEntries().catch(() => undefined);
  return {
    usageBytes: estimate?.usage,
    caches: result,
    models: [...models].sort(),
    historyEntries,
  };
}

/**
 * Deletes everything this site stored: caches, service workers, IndexedDB databases. The page
 * keeps working from memory; the next visit downloads everything again.
 */
export async function clearStoredData(): Promise<void> {
  const registrations = (await navigator.serviceWorker?.getRegistrations()) ?? [];
  await Promise.all(registrations.map((r) => r.unregister()));
  if ('caches' in globalThis)
    await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  // No IndexedDB here (some private modes): there is no database to delete.
  const databases = typeof indexedDB === 'undefined' ? [] : ((await indexedDB.databases?.()) ?? []);
  await Promise.all(
    databases.map(
      (db) =>
        new Promise<void>((resolve) => {
          if (!db.name) return resolve();
          const request = indexedDB.deleteDatabase(db.name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
  announceHistoryChange();
}
