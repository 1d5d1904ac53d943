/**
 * The contract between the page and the predictor worker: types only, no code, so importing it
 * from either side never drags the other side's modules along.
 */
import type { CsvLayout, PartResult } from '../batch/batch-types';
import type { CsvSource, SourcePart } from '../batch/score-in-parts';
import type { RawValues } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchPrediction, Prediction } from '../runtime/answers';
import type { InputColumns } from '../runtime/feeds';
import type { LoadProgress } from '../runtime/load-progress';
import type { RunOutput } from '../runtime/run-rows';

export interface LoadRequest {
  /** Absolute URL of the model directory, ending in `/`. */
  readonly modelDirUrl: string;
  /** The directory's manifest, fetched and validated by the page (client/load-manifest.ts). */
  readonly manifest: ModelManifest;
}

/**
 * Sent by the page right after it starts a predictor worker, outside Comlink: the runtime
 * compiled by the page, or, when the page could not compile it, why (the worker then downloads
 * and compiles the binary itself, from `url`).
 */
export interface RuntimeMessage {
  readonly type: 'formcast-runtime';
  /** Address of the runtime's binary, as the page found it (client/runtime-location.ts). */
  readonly url: string;
  readonly module?: WebAssembly.Module;
  readonly reason?: string;
}

/**
 * A single prediction, outside Comlink: the call every keystroke makes is one structured clone
 * each way, with no proxy, UUID or wire-value wrapping. `call` pairs the answer with its request.
 */
export interface PredictRequest {
  readonly type: 'formcast-predict';
  readonly call: number;
  readonly values: RawValues;
}

/** The worker's answer to a PredictRequest: the prediction, or the error with its code. */
export type PredictAnswer = { readonly type: 'formcast-predicted'; readonly call: number } & (
  | { readonly prediction: Prediction; readonly error?: undefined }
  | {
      readonly prediction?: undefined;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly code?: string;
        readonly details?: unknown;
      };
    }
);

/** What the worker exposes through Comlink. */
export interface PredictorWorkerApi {
  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<ModelManifest>;
  predict(values: RawValues): Promise<Prediction>;
  /** Predicts many rows; an invalid row answers with its problems, in input order. */
  predictBatch(rows: readonly RawValues[]): Promise<BatchPrediction[]>;
  /**
   * Predicts rows laid out by column (one typed array per input, see InputColumns), checked by
   * checkColumns: no object per row either way. The what-if views' path.
   */
  predictColumns(columns: InputColumns): Promise<RunOutput>;
  /**
   * Reads the start of a CSV file: its delimiter, its header mapped onto the model's inputs and
   * where data rows start; null when the header does not end within `head` (see
   * src/batch/score-part.ts). The file crosses as a Blob reference, for messages about it.
   */
  inspectCsv(head: SourcePart, source: CsvSource): Promise<CsvLayout | null>;
  /**
   * Scores a part of a CSV file, whole rows only (see src/batch/score-in-parts.ts, which splits
   * the file on the page and deals the parts out to the workers). The part's bytes are
   * transferred, not copied; its scored rows come back as a Blob reference.
   */
  scoreCsvPart(part: SourcePart, layout: CsvLayout, source: CsvSource): Promise<PartResult>;
}

/**
 * Liveness messages, outside Comlink (which ignores them: no `id`, no `type`). The worker says
 * `hello` once its script runs, naming a Web Lock it holds until it ends (when the browser has
 * Web Locks), and answers each `ping` with a `pong`. The page learns from them that the script
 * loaded, that the worker ended without an error event (`self.close()`: the lock is freed), or
 * that it stopped answering.
 */
export type LivenessMessage =
  | { readonly formcastLiveness: 'hello'; readonly lock?: string }
  | { readonly formcastLiveness: 'ping' }
  | { readonly formcastLiveness: 'pong' };
