import { ErrorCode, FormcastError } from '../errors';
import type { ModelManifest } from '../manifest/manifest-types';

/**
 * The manifest of the model directory at `modelDirUrl`, for the history's columns and names.
 * The worker has its own copy but keeps it; this one comes from the same URL (the service
 * worker's precache when offline). The schema validator is loaded on demand: the page shell does
 * not otherwise need it, and the history is not on the way to the first prediction.
 * @throws {FormcastError} MANIFEST_FETCH_FAILED or MANIFEST_INVALID.
 */
export async function fetchHistoryManifest(modelDirUrl: string): Promise<ModelManifest> {
  const url = new URL('manifest.json', new URL(modelDirUrl, document.baseURI)).href;
  let body: unknown;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new FormcastError(
      ErrorCode.ManifestFetchFailed,
      `The model description could not be loaded from ${url}: ${error instanceof Error ? error.message : String(error)}.`,
      {},
      { cause: error },
    );
  }
  const { parseManifest } = await import('../manifest/parse-manifest');
  return parseManifest(body, url);
}
