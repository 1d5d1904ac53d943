/**
 * Imported first by the worker. Embedded on another site, the worker starts from a one-line
 * blob: module that imports this bundle (see client/worker-factory.ts); self.location is then
 * the blob: URL, which is no valid base for new URL(), and libraries here (the JSON Schema
 * validator among them) derive URLs from it as they load. Present the bundle's real address.
 */
if (self.location.protocol === 'blob:') {
  Object.defineProperty(self, 'location', { value: new URL(import.meta.url), configurable: true });
}
export {};
