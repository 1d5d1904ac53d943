import { ErrorCode, FormcastError } from '../errors';
import { fetchWithProgress } from './fetch-with-progress';
import { initRuntime, runtimeWasmUrl } from './onnx-session';
import type { ByteProgress } from './load-progress';

/** The runtime's start-up, shared by every load in this worker. */
export interface RuntimeLoad {
  /** Settles when onnxruntime-web is initialised; rejects with RUNTIME_LOAD_FAILED. */
  readonly ready: Promise<void>;
  /** Bytes of the runtime binary downloaded so far. */
  progress(): ByteProgress;
  /** Listens to download progress; returns the function that stops listening. */
  onProgress(listener: (progress: ByteProgress) => void): () => void;
}

let current: RuntimeLoad | undefined;

/**
 * The runtime from the service worker's precache, read directly: the same bytes the service
 * worker would answer with, without streaming 14 MB through it. Undefined when not cached.
 */
async function readFromCacheStorage(url: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const cached = await globalThis.caches?.match(url);
    return cached ? new Uint8Array(await cached.arrayBuffer()) : undefined;
  } catch {
    return undefined; // no Cache Storage here (opaque origin, disabled storage): fetch instead
  }
}

/**
 * Downloads (with progress) and initialises the runtime, once per worker. The worker calls it as
 * soon as it starts, before any model is asked for: the runtime is 99 % of the bytes and most of
 * the start-up time, and needs nothing from the model.
 */
export function loadRuntime(): RuntimeLoad {
  if (current) return current;
  let progress: ByteProgress = { loaded: 0, total: null };
  const listeners = new Set<(progress: ByteProgress) => void>();
  const wasmUrl = new URL(runtimeWasmUrl, import.meta.url).href;
  const fail = (what: string, error: unknown) =>
    new FormcastError(
      ErrorCode.RuntimeLoadFailed,
      `The prediction runtime could not be ${what} (${wasmUrl}): ${error instanceof Error ? error.message : String(error)}. Check the connection and reload.`,
      {},
      { cause: error },
    );
  const ready = (async () => {
    let wasm: Uint8Array<ArrayBuffer> | undefined = await readFromCacheStorage(wasmUrl);
    try {
      wasm ??= await fetchWithProgress(wasmUrl, (p) => {
        progress = p;
        for (const listener of listeners) listener(p);
      });
    } catch (error) {
      throw fail('downloaded', error);
    }
    try {
      await initRuntime(wasm.buffer);
    } catch (error) {
      throw fail('started', error);
    }
  })();
  // Observed by whoever loads a model; until then a failure must not count as unhandled.
  ready.catch(() => undefined);
  current = {
    ready,
    progress: () => progress,
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return current;
}
