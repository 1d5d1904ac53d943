import { proxy } from 'comlink';
import { ErrorCode, FormcastError } from '../errors';
import type { RawValues } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchPrediction, Prediction } from '../runtime/answers';
import type { InputColumns } from '../runtime/feeds';
import type { ByteProgress, LoadProgress } from '../runtime/load-progress';
import type { RunOutput } from '../runtime/run-rows';
import type { PredictorWorkerApi } from '../worker/protocol';
import { loadManifest } from './load-manifest';
import { predictChannel } from './predict-channel';
import { compileRuntime } from './runtime-compile';
import { markStartup } from './startup-marks';
import { WorkerBridge, type WorkerLike } from './worker-bridge';
import { takePredictorWorker } from './worker-factory';

export interface PredictorOptions {
  /** Called as the runtime and model download, then while the session is prepared. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Replaces the default worker; for tests of the bridge only. */
  readonly createWorker?: () => WorkerLike;
}

/** A model running in its own worker. Create with {@link createPredictor}. */
export interface Predictor {
  /** Absolute URL of the model directory. */
  readonly modelDirUrl: string;
  /** The manifest, once a load has completed. */
  readonly manifest: ModelManifest | undefined;
  /** Starts the worker and loads the model if not done yet; resolves with the manifest. */
  load(options?: { readonly signal?: AbortSignal }): Promise<ModelManifest>;
  /**
   * Predicts one row. Values may be strings (form, URL, CSV text) or numbers.
   * @throws {FormcastError} INPUT_INVALID with `details.issues`, or any load/runtime code.
   */
  predict(values: RawValues, options?: { readonly signal?: AbortSignal }): Promise<Prediction>;
  /**
   * Predicts many rows in one call, answering in input order: `{ label, probabilities }` for a
   * valid row, `{ error, issues }` for an invalid one (it does not fail the others).
   */
  predictBatch(
    rows: readonly RawValues[],
    options?: { readonly signal?: AbortSignal },
  ): Promise<BatchPrediction[]>;
  /**
   * Predicts rows laid out by column, a typed array per input in manifest order (numbers, NaN
   * for empty; category indexes, -1 for empty), without an object per row either way: the
   * model's raw answers, `scores` row-major with `width` per row and `labels` for class models.
   * What the explain views use for their hundreds of rows per keystroke; code with rows as
   * objects uses predictBatch.
   * @throws {FormcastError} INPUT_INVALID when a column does not fit the manifest.
   */
  predictColumns(
    columns: InputColumns,
    options?: { readonly signal?: AbortSignal },
  ): Promise<RunOutput>;
  /** Listens to load progress; returns the function that stops listening. */
  onProgress(listener: (progress: LoadProgress) => void): () => void;
  /** Terminates the worker. A later call starts a new one. */
  dispose(): void;
}

/** Resolves a model directory against the page and makes it end in `/`. */
export function resolveModelDir(
  src: string | URL,
  base: string = globalThis.document?.baseURI ?? '',
): string {
  let url: URL;
  try {
    url = new URL(src, base || undefined);
  } catch {
    throw new FormcastError(
      ErrorCode.ManifestFetchFailed,
      `"${String(src)}" is not a valid model address.`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * Creates a predictor for the model directory at `src` (for example `models/drug/`). Nothing is
 * downloaded until the first `load()` or `predict()`.
 */
export function createPredictor(src: string | URL, options: PredictorOptions = {}): Predictor {
  const modelDirUrl = resolveModelDir(src);
  const listeners = new Set<(progress: LoadProgress) => void>();
  if (options.onProgress) listeners.add(options.onProgress);
  let manifest: ModelManifest | undefined;
  const send = (progress: LoadProgress) => {
    for (const listener of listeners) listener(progress);
  };
  const bridge = new WorkerBridge<PredictorWorkerApi>(
    options.createWorker ?? takePredictorWorker,
    async (api) => {
      const downloads = trackDownloads(send, !options.createWorker);
      try {
        // The page fetches the manifest while the worker starts, and draws the form from it.
        const loaded = await loadManifest(modelDirUrl);
        manifest = loaded;
        send({ phase: 'manifest', manifest: loaded });
        const onProgress = proxy((progress: LoadProgress) => {
          if (progress.phase === 'ready') markWorkerStart(progress);
          downloads.fromWorker(progress);
        });
        await api.load({ modelDirUrl, manifest: loaded }, onProgress);
      } finally {
        downloads.stop();
      }
    },
  );

  return {
    modelDirUrl,
    get manifest() {
      return manifest;
    },
    async load({ signal } = {}) {
      await bridge.call(async () => undefined, signal);
      return manifest!;
    },
    predict(values, { signal } = {}) {
      // Not through Comlink: the call every keystroke makes takes the lean protocol.
      return bridge.call<Prediction>(
        (_, worker) => predictChannel(worker).predict({ ...values }),
        signal,
      );
    },
    predictBatch(rows, { signal } = {}) {
      return bridge.call((api) => api.predictBatch(rows.map((row) => ({ ...row }))), signal);
    },
    predictColumns(columns, { signal } = {}) {
      return bridge.call((api) => api.predictColumns(columns), signal);
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      bridge.terminate();
    },
  };
}

/** Progress reports between sending `downloading` ones, as in the worker. */
const PROGRESS_INTERVAL_MS = 50;

/**
 * One progress stream from two sources: the runtime's bytes counted on the page (which compiles
 * it) and the model's counted in the worker. When the page could not compile the runtime, the
 * worker downloads it and reports it too. Download reports stop once the worker is preparing.
 */
function trackDownloads(
  send: (progress: LoadProgress) => void,
  pageCompiles: boolean,
): { fromWorker(progress: LoadProgress): void; stop(): void } {
  const compile = pageCompiles ? compileRuntime() : undefined;
  let workerRuntime: ByteProgress = { loaded: 0, total: null };
  let model: ByteProgress = { loaded: 0, total: null };
  let pageHasRuntime = compile !== undefined;
  let downloading = true;
  let lastSent = 0;
  const runtime = () => (pageHasRuntime && compile ? compile.progress() : workerRuntime);
  const report = (force: boolean) => {
    const now = performance.now();
    if (!downloading || (!force && now - lastSent < PROGRESS_INTERVAL_MS)) return;
    lastSent = now;
    send({ phase: 'downloading', runtime: runtime(), model });
  };
  const stopListening = compile?.onProgress(() => report(false));
  void compile?.source.then((source) => {
    pageHasRuntime = source.module !== undefined;
    report(true);
  });
  report(true);
  return {
    fromWorker(progress) {
      if (progress.phase === 'downloading') {
        workerRuntime = progress.runtime;
        model = progress.model;
        report(true);
        return;
      }
      if (progress.phase === 'preparing' || progress.phase === 'ready') downloading = false;
      send(progress);
    },
    stop() {
      downloading = false;
      stopListening?.();
    },
  };
}

/** The worker's start-up steps, as marks on the page's timeline (for the benchmark). */
function markWorkerStart(ready: Extract<LoadProgress, { phase: 'ready' }>): void {
  for (const [step, at] of Object.entries(ready.timings ?? {})) {
    if (typeof at === 'number')
      markStartup(`worker:${step}`, undefined, at - performance.timeOrigin);
  }
  markStartup('worker:runtime', ready.runtime);
}
