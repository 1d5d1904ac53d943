import type { ByteProgress } from '../runtime/load-progress';
import { runtimeWasmBytes, storedRuntimeBinary } from '../runtime/runtime-binary';
import type { RuntimeSource } from '../runtime/runtime-loader';
import { runtimeWasmUrl } from './runtime-location';
import { markStartup } from './startup-marks';

/** The page's compilation of the runtime binary, shared by every worker the page starts. */
export interface RuntimeCompile {
  /** The compiled module, or why the page could not compile it (then each worker fetches it). */
  readonly source: Promise<RuntimeSource>;
  /** Decoded bytes of the binary received so far. */
  progress(): ByteProgress;
  /** Listens to download progress; returns the function that stops listening. */
  onProgress(listener: (progress: ByteProgress) => void): () => void;
}

/** A module compiled on the page, and where its bytes came from. */
interface CompiledRuntime {
  readonly module: WebAssembly.Module;
  /** The service worker's stored copy read as a Blob (reloads), or the fetched response. */
  readonly bytes: 'precache' | 'response';
}

let current: RuntimeCompile | undefined;

/**
 * The runtime's download waits for the first manifest (client/load-manifest.ts calls
 * `releaseRuntimeDownload` once it arrived or failed). Streaming 14 MB into the compiler keeps the
 * page's main thread busy (V8 takes the bytes there, even when the compiled module is reused from
 * memory on a reload), and a manifest that arrived meanwhile waited for it before the form could
 * be drawn: 160 ms on a warm reload here. Held until the manifest is in, the form comes first,
 * and the worker starts the model's download while the runtime streams. The timer is a safety net
 * for a page that starts a worker but never asks for a manifest.
 */
let releaseDownload: () => void = () => undefined;
const downloadReleased = new Promise<void>((resolve) => {
  releaseDownload = resolve;
});
const DOWNLOAD_HOLD_MAX_MS = 3000;

/** Lets the runtime's download begin (the first manifest is in, or could not be loaded). */
export function releaseRuntimeDownload(): void {
  releaseDownload();
}

/**
 * Compiles the runtime binary on the page, once: `WebAssembly.compileStreaming` on the page is
 * where Chromium keeps compiled WebAssembly in its code cache (a module compiled inside a
 * dedicated worker never gets there), and where a reload in the same tab finds the module still
 * compiled in memory. Each predictor worker then only instantiates the module (see
 * client/worker-factory.ts). The binary is fetched at low priority: a model's manifest and file,
 * a few kilobytes, come first on a slow connection.
 *
 * Where the page cannot compile it — no compileStreaming, a response that is not
 * `application/wasm`, a failed request — `source` says why and each worker downloads and compiles
 * the binary itself, the way it did before (its errors then name the problem).
 */
export function compileRuntime(): RuntimeCompile {
  if (current) return current;
  let progress: ByteProgress = { loaded: 0, total: runtimeWasmBytes };
  const listeners = new Set<(progress: ByteProgress) => void>();
  const report = (next: ByteProgress) => {
    progress = next;
    for (const listener of listeners) listener(next);
  };
  const url = runtimeWasmUrl();
  const source = compile(url, report).then(
    ({ module, bytes }): RuntimeSource => {
      markStartup('runtime-compiled', { source: 'page', bytes });
      return { module, url };
    },
    (error: unknown): RuntimeSource => {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      markStartup('runtime-compiled', { source: 'worker', reason });
      return { reason, url };
    },
  );
  current = {
    source,
    progress: () => progress,
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return current;
}

async function compile(
  url: string,
  report: (progress: ByteProgress) => void,
): Promise<CompiledRuntime> {
  if (typeof WebAssembly?.compileStreaming !== 'function') {
    throw new Error('this browser has no WebAssembly.compileStreaming');
  }
  await Promise.race([
    downloadReleased,
    new Promise((resolve) => setTimeout(resolve, DOWNLOAD_HOLD_MAX_MS)),
  ]);
  markStartup('runtime-fetch');
  const stored = storedRuntime(url);
  if (reloadedInThisTab()) {
    const copy = await stored;
    if (copy) report(whole(copy));
    const module = copy && (await compileStored(copy));
    if (module) return { module, bytes: 'precache' };
  }
  const [response, kept] = await Promise.all([
    fetch(url, { priority: 'low' } as RequestInit),
    stored,
  ]);
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  // The compiler consumes the response itself (its URL and cache entry are what the code cache
  // is keyed on). A clone of the body counts the bytes for the progress bar, but reading a clone
  // slows the compiler (≈ 150 ms on a warm reload here), so a binary the service worker stored
  // (nothing to download) is reported as there at once.
  if (kept) report(whole(kept));
  else void countBytes(response.clone(), report);
  return { module: await WebAssembly.compileStreaming(response), bytes: 'response' };
}

/** The stored copy as progress: all of it is on the device. */
function whole(copy: Blob): ByteProgress {
  return { loaded: copy.size, total: copy.size };
}

/**
 * A reload or a move through this tab's history: the renderer that compiled the runtime for the
 * page before still holds the compiled module, and V8 finds it again by hashing the bytes.
 */
function reloadedInThisTab(): boolean {
  const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return entry?.type === 'reload' || entry?.type === 'back_forward';
}

/**
 * Compiles the service worker's stored copy of the binary from its Blob, or answers undefined
 * when the browser refuses it (the caller then streams the response as on any other visit). On a
 * reload this finds the module in memory 40–50 ms sooner than streaming the service worker's
 * response (35 against 79–90 ms here, 8 alternating compiles each): the Blob reaches V8 in large
 * reads, and the streamed response ends in a 30 ms main-thread task that the Blob does not have
 * (ResponseBodyLoader::DidFinishLoadingBody in a trace). Only reloads take this path: a response
 * without a URL gets no disk code cache, which other visits may use.
 */
async function compileStored(copy: Blob): Promise<WebAssembly.Module | undefined> {
  try {
    return await WebAssembly.compileStreaming(
      new Response(copy, { headers: { 'Content-Type': 'application/wasm' } }),
    );
  } catch {
    return undefined;
  }
}

/** This build's binary in the service worker's precache, if a service worker controls the page. */
function storedRuntime(url: string): Promise<Blob | undefined> {
  return navigator.serviceWorker?.controller
    ? storedRuntimeBinary(url)
    : Promise.resolve(undefined);
}

async function countBytes(
  response: Response,
  report: (progress: ByteProgress) => void,
): Promise<void> {
  const total = runtimeWasmBytes;
  let loaded = 0;
  try {
    const reader = response.body?.getReader();
    if (!reader) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      report({ loaded, total: total !== null && total >= loaded ? total : null });
    }
    report({ loaded, total: loaded });
  } catch {
    // The compile reports the failure that matters; the count just stops.
  }
}
