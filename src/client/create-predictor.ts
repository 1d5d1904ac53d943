import { proxy } from 'comlink';
import { ErrorCode, FormcastError } from '../errors';
import type { RawValues } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchPrediction, Prediction } from '../runtime/answers';
import type { LoadProgress } from '../runtime/load-progress';
import type { PredictorWorkerApi } from '../worker/protocol';
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
  const bridge = new WorkerBridge<PredictorWorkerApi>(
    options.createWorker ?? takePredictorWorker,
    async (api) => {
      const onProgress = proxy((progress: LoadProgress) => {
        if (progress.phase === 'manifest') manifest = progress.manifest;
        for (const listener of listeners) listener(progress);
      });
      manifest = await api.load({ modelDirUrl }, onProgress);
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
      return bridge.call<Prediction>((api) => api.predict({ ...values }), signal);
    },
    predictBatch(rows, { signal } = {}) {
      return bridge.call((api) => api.predictBatch(rows.map((row) => ({ ...row }))), signal);
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
