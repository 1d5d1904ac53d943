import { transfer } from 'comlink';
import type { FormulaPolicy } from '../csv/write-csv';
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchProgress, BatchResult } from '../batch/batch-types';
import { type ScorerLane, scoreInParts } from '../batch/score-in-parts';
import { ErrorCode, FormcastError } from '../errors';
import type { PredictorWorkerApi } from '../worker/protocol';
import { resolveModelDir } from './create-predictor';
import { WorkerBridge, type WorkerLike } from './worker-bridge';
import { loadManifest } from './load-manifest';
import { newPredictorWorker } from './worker-factory';

/**
 * Most workers a batch uses, whatever the core count: each holds its own copy of the runtime
 * (≈ 60–80 MB of a renderer's memory with its WebAssembly), and a file's parts keep 2–4 of them
 * busy at most of the rate the page can read and deal them. See docs/batch-scoring.md.
 */
export const MAX_BATCH_WORKERS = 4;

export interface BatchScorerOptions {
  /** Replaces the default worker; for tests only. */
  readonly createWorker?: () => WorkerLike;
  /**
   * Workers that score a file together: by default one per core the browser reports
   * (`navigator.hardwareConcurrency`), at most MAX_BATCH_WORKERS.
   */
  readonly workers?: number;
}

export interface ScoreCsvOptions {
  /** Cancels the batch: every worker is stopped at once and the call rejects with ABORTED. */
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

/** Scores CSV files in workers of its own. Create with {@link createBatchScorer}. */
export interface BatchScorer {
  /** Absolute URL of the model directory. */
  readonly modelDirUrl: string;
  /** The manifest, once a worker has loaded the model. */
  readonly manifest: ModelManifest | undefined;
  /** How many workers score a file together. */
  readonly workers: number;
  /**
   * Starts the workers and loads the model in each if not done yet; resolves with the manifest
   * as soon as one of them has it.
   */
  load(options?: { readonly signal?: AbortSignal }): Promise<ModelManifest>;
  /**
   * Scores `file` over the workers (see src/batch/score-in-parts.ts for how it is split and
   * what comes back).
   * @throws {FormcastError} CSV_INVALID for a file that is not a usable CSV, ABORTED when
   *   cancelled, or a load/runtime code.
   */
  scoreCsv(file: Blob, options?: ScoreCsvOptions): Promise<BatchResult>;
  /** Stops the workers. A later call starts new ones. */
  dispose(): void;
}

/** One worker per core the browser reports, at least one, at most MAX_BATCH_WORKERS. */
export function defaultBatchWorkers(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(MAX_BATCH_WORKERS, cores));
}

/**
 * Creates a batch scorer for the model directory at `src`. It runs predictor workers of its own
 * (the same runtime module as the form's, never the form's pre-started one), so a batch never
 * delays the form's predictions, and cancelling a batch can terminate its workers outright: the
 * next batch starts fresh ones. The page reads the file and deals parts of it to the workers;
 * each part's bytes are transferred, not copied.
 */
export function createBatchScorer(
  src: string | URL,
  options: BatchScorerOptions = {},
): BatchScorer {
  const modelDirUrl = resolveModelDir(src);
  const count = Math.max(1, Math.floor(options.workers ?? defaultBatchWorkers()));
  let manifest: ModelManifest | undefined;
  const bridges = Array.from(
    { length: count },
    () =>
      new WorkerBridge<PredictorWorkerApi>(
        options.createWorker ?? newPredictorWorker,
        async (api) => {
          // Fetched and validated once on the page, for every worker.
          manifest = await loadManifest(modelDirUrl);
          await api.load({ modelDirUrl, manifest });
        },
      ),
  );
  const terminate = () => bridges.forEach((bridge) => bridge.terminate());
  const started = (signal?: AbortSignal) =>
    bridges.map((bridge) => bridge.call(async () => undefined, signal));

  return {
    modelDirUrl,
    workers: count,
    get manifest() {
      return manifest;
    },
    async load({ signal } = {}) {
      await firstReady(started(signal));
      return manifest!;
    },
    async scoreCsv(file, { signal, onProgress, formulas } = {}) {
      if (signal?.aborted) throw abortError();
      // One Cancel stops every worker, the idle ones too: the next batch starts afresh.
      signal?.addEventListener('abort', terminate, { once: true });
      try {
        const ready = started(signal);
        const lanes: ScorerLane[] = bridges.map((bridge, i) => ({
          ready: ready[i]!,
          scorer: {
            inspectCsv: (head, source) =>
              bridge.call(
                (api) => api.inspectCsv(transfer(head, [head.bytes.buffer]), source),
                signal,
              ),
            scoreCsvPart: (part, layout, source) =>
              bridge.call(
                (api) => api.scoreCsvPart(transfer(part, [part.bytes.buffer]), layout, source),
                signal,
              ),
          },
        }));
        await firstReady(ready);
        return await scoreInParts(
          { file, fileName: file instanceof File ? file.name : undefined, formulas },
          lanes,
          { onProgress },
        );
      } catch (error) {
        // A file that cannot be scored, or a worker that failed, leaves the others working on
        // parts nobody will read: stop them.
        if (!(error instanceof FormcastError && error.code === ErrorCode.CsvInvalid)) terminate();
        throw error;
      } finally {
        signal?.removeEventListener('abort', terminate);
      }
    },
    dispose: terminate,
  };
}

/** Resolves once one of the workers is ready; rejects with the first failure if none can be. */
async function firstReady(ready: readonly Promise<unknown>[]): Promise<void> {
  try {
    await Promise.any(ready);
  } catch (error) {
    throw (error as AggregateError).errors[0];
  }
}

function abortError(): FormcastError {
  return new FormcastError(ErrorCode.Aborted, 'The operation was cancelled.');
}
