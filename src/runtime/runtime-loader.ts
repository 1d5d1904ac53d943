import { ErrorCode, FormcastError } from '../errors';
import { fetchWithProgress } from './fetch-with-progress';
import { initRuntime, type RuntimeStartTimes } from './onnx-session';
import { runtimeWasmBytes, storedRuntimeBinary } from './runtime-binary';
import type { ByteProgress } from './load-progress';

/**
 * Where this worker's runtime comes from: the page's compiled module (the fast path: the page
 * compiles where Chromium caches compiled WebAssembly), or, when the page could not compile it,
 * the binary this worker downloads itself; `reason` says why, for the start-up timings. `url` is
 * the binary's address, which the page alone decides (client/runtime-location.ts).
 */
export type RuntimeSource = { readonly url: string } & (
  { readonly module: WebAssembly.Module } | { readonly module?: undefined; readonly reason: string }
);

/** The runtime's start-up, shared by every load in this worker. */
export interface RuntimeLoad {
  /** Settles when onnxruntime-web is initialised; rejects with RUNTIME_LOAD_FAILED. */
  readonly ready: Promise<RuntimeStartTimes>;
  /** Bytes of the runtime binary this worker downloaded so far (none when the page compiled it). */
  progress(): ByteProgress;
  /** Listens to download progress; returns the function that stops listening. */
  onProgress(listener: (progress: ByteProgress) => void): () => void;
  /** The source the page gave, once it did. */
  source(): RuntimeSource | undefined;
}

let current: RuntimeLoad | undefined;
let provide: (source: RuntimeSource) => void = () => {};
const provided = new Promise<RuntimeSource>((resolve) => (provide = resolve));

/**
 * Gives this worker its runtime: called once, by the worker's entry, with what the page sent
 * right after starting the worker. Later calls are ignored.
 */
export function provideRuntime(source: RuntimeSource): void {
  provide(source);
  provide = () => {};
}

/**
 * The runtime's start, once per worker: it waits for the page's source (provideRuntime), then
 * instantiates the page's compiled module, or downloads (with progress) and compiles the binary.
 * A model load awaits `ready`; the worker needs nothing from the model to start it.
 */
export function loadRuntime(): RuntimeLoad {
  if (current) return current;
  let progress: ByteProgress = { loaded: 0, total: runtimeWasmBytes };
  let source: RuntimeSource | undefined;
  const listeners = new Set<(progress: ByteProgress) => void>();
  const fail = (what: string, url: string, error: unknown) =>
    new FormcastError(
      ErrorCode.RuntimeLoadFailed,
      `The prediction runtime could not be ${what} (${url}): ${error instanceof Error ? error.message : String(error)}. ${advice(error)}`,
      {},
      { cause: error },
    );
  const ready = (async () => {
    source = await provided;
    const { url } = source;
    if (source.module) {
      try {
        return await initRuntime({ module: source.module });
      } catch (error) {
        throw fail('started', url, error);
      }
    }
    // The service worker's stored copy when there is one: the same bytes it would answer with,
    // without streaming 14 MB through it.
    const copy = await storedRuntimeBinary(url);
    let wasm: Uint8Array<ArrayBuffer> | undefined =
      copy && new Uint8Array(await copy.arrayBuffer());
    try {
      wasm ??= await fetchWithProgress(url, (p) => {
        progress = { loaded: p.loaded, total: p.total ?? runtimeWasmBytes };
        for (const listener of listeners) listener(progress);
      });
    } catch (error) {
      throw fail('downloaded', url, error);
    }
    try {
      return await initRuntime({ bytes: wasm.buffer });
    } catch (error) {
      throw fail('started', url, error);
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
    source: () => source,
  };
  return current;
}

/**
 * What a person can do about a failed start: a policy forbidding WebAssembly, a binary the host
 * does not serve where the app looks for it (a build that moved its assets), or the network.
 */
function advice(error: unknown): string {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/Content Security Policy|unsafe-eval|EvalError/i.test(text)) {
    return "The page's Content-Security-Policy must allow WebAssembly: add 'wasm-unsafe-eval' to script-src.";
  }
  if (/answered 404/.test(text)) {
    return "The site does not serve onnxruntime-web's ort-wasm-simd-threaded.wasm there: serve it, or give its address to configureRuntime({ wasmUrl }) before the first prediction.";
  }
  // A server that answers every unknown path with its index page (a dev server, an SPA host).
  if (/magic word/.test(text)) {
    return "That address did not answer with onnxruntime-web's ort-wasm-simd-threaded.wasm (a page instead?): serve the binary there, or give its address to configureRuntime({ wasmUrl }). Under Vite's dev server, add optimizeDeps: { exclude: ['formcast'] } to vite.config (see docs/npm.md).";
  }
  return 'Check the connection and reload.';
}
