/** How a model's start-up is reported, from the worker to the page. Types only. */
import type { ModelManifest } from '../manifest/manifest-types';

export interface ByteProgress {
  readonly loaded: number;
  /** Null when the server did not say (no Content-Length, or a compressed body). */
  readonly total: number | null;
}

/**
 * Start-up reports: `manifest` once the model description is in (from the page, which fetches
 * it: the form can render while the runtime still downloads), `downloading` (repeated as bytes
 * arrive), `preparing`, `ready`.
 */
export type LoadProgress =
  | { readonly phase: 'downloading'; readonly runtime: ByteProgress; readonly model: ByteProgress }
  | { readonly phase: 'manifest'; readonly manifest: ModelManifest }
  | { readonly phase: 'preparing' }
  | {
      readonly phase: 'ready';
      readonly timings?: StartupTimings;
      /** Who compiled the runtime: the page, or this worker (then `reason` says why). */
      readonly runtime?: { readonly compiledBy: 'page' | 'worker'; readonly reason?: string };
    };

/**
 * When each step of a model's start-up finished in the worker, in ms since the Unix epoch
 * (`performance.timeOrigin + performance.now()`, comparable across the page and its workers).
 * For the benchmark's breakdown; steps that did not happen are absent.
 */
export interface StartupTimings {
  /** The worker's global scope was created (its `performance.timeOrigin`). */
  readonly workerCreated?: number;
  /** The page's compiled runtime was instantiated in the worker. */
  readonly runtimeInstantiated?: number;
  /** onnxruntime-web finished initialising. */
  readonly runtimeInitialised?: number;
  /** The model file was downloaded and its sha256 checked. */
  readonly modelVerified?: number;
  /** The model's session was created and checked against the manifest. */
  readonly sessionCreated?: number;
}
