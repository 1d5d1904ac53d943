import { proxy } from 'comlink';
import type { FormulaPolicy } from '../csv/write-csv';
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchProgress, BatchResult } from '../batch/batch-types';
import type { PredictorWorkerApi } from '../worker/protocol';
import { resolveModelDir } from './create-predictor';
import { WorkerBridge, type WorkerLike } from './worker-bridge';
import { newPredictorWorker } from './worker-factory';

export interface BatchScorerOptions {
  /** Replaces the default worker; for tests only. */
  readonly createWorker?: () => WorkerLike;
}

export interface ScoreCsvOptions {
  /** Cancels the batch: its worker is stopped at once and the call rejects with ABORTED. */
  readonly signal?: AbortSignal;
  /** Called about ten times a second while the file is scored. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /**
   * `escape` (the default): a cell a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`,
   * a leading tab or CR, not a plain number) is written with a leading `'`. `keep`: every cell
   * as it came, for pipelines that need the raw text.
   */
  readonly formulas?: FormulaPolicy;
}

/** Scores CSV files in a worker of its own. Create with {@link createBatchScorer}. */
export interface BatchScorer {
  /** Absolute URL of the model directory. */
  readonly modelDirUrl: string;
  /** The manifest, once the worker has loaded the model. */
  readonly manifest: ModelManifest | undefined;
  /** Starts the worker and loads the model if not done yet; resolves with the manifest. */
  load(options?: { readonly signal?: AbortSignal }): Promise<ModelManifest>;
  /**
   * Scores `file` (see src/batch/score-csv.ts for what comes back).
   * @throws {FormcastError} CSV_INVALID for a file that is not a usable CSV, ABORTED when
   *   cancelled, or a load/runtime code.
   */
  scoreCsv(file: Blob, options?: ScoreCsvOptions): Promise<BatchResult>;
  /** Stops the worker. A later call starts a new one. */
  dispose(): void;
}

/**
 * Creates a batch scorer for the model directory at `src`. It runs its own predictor worker (the
 * same runtime module as the form's, never the form's pre-started one), so a batch never delays
 * the form's predictions, and cancelling a batch can terminate its worker outright: the next
 * batch starts a fresh one.
 */
export function createBatchScorer(
  src: string | URL,
  options: BatchScorerOptions = {},
): BatchScorer {
  const modelDirUrl = resolveModelDir(src);
  let manifest: ModelManifest | undefined;
  const bridge = new WorkerBridge<PredictorWorkerApi>(
    options.createWorker ?? newPredictorWorker,
    async (api) => {
      manifest = await api.load({ modelDirUrl });
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
    scoreCsv(file, { signal, onProgress, formulas } = {}) {
      return bridge.call(
        (api) =>
          api.scoreCsv(
            file,
            onProgress ? proxy(onProgress) : undefined,
            file instanceof File ? file.name : undefined,
            formulas,
          ),
        signal,
      );
    },
    dispose() {
      bridge.terminate();
    },
  };
}
