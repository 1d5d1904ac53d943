/** How a model's start-up is reported, from the worker to the page. Types only. */
import type { ModelManifest } from '../manifest/manifest-types';

export interface ByteProgress {
  readonly loaded: number;
  /** Null when the server did not say (no Content-Length, or a compressed body). */
  readonly total: number | null;
}

/**
 * Start-up reports, in order: `downloading` (repeated as bytes arrive), `manifest` once the model
 * description is in (the form can render while the runtime still downloads), `preparing`, `ready`.
 */
export type LoadProgress =
  | { readonly phase: 'downloading'; readonly runtime: ByteProgress; readonly model: ByteProgress }
  | { readonly phase: 'manifest'; readonly manifest: ModelManifest }
  | { readonly phase: 'preparing' }
  | { readonly phase: 'ready' };
