import { ErrorCode, FormcastError } from '../errors';
import type { ModelManifest } from './manifest-types';
import { parseManifest } from './parse-manifest';

/**
 * Downloads and validates a model directory's manifest.json.
 * @throws {FormcastError} MANIFEST_FETCH_FAILED (network, HTTP status, not JSON) or
 *   MANIFEST_INVALID, each naming the address.
 */
export async function fetchManifest(modelDirUrl: string): Promise<ModelManifest> {
  const url = new URL('manifest.json', modelDirUrl).href;
  return parseManifest(await fetchJson(url), url);
}

async function fetchJson(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new FormcastError(
      ErrorCode.ManifestFetchFailed,
      `The model description could not be downloaded from ${url}: ${reason(error)}. Check the connection and the model address.`,
      {},
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new FormcastError(
      ErrorCode.ManifestFetchFailed,
      `The model description could not be downloaded from ${url}: the server answered ${response.status} ${response.statusText}. Check the model address.`.replace(
        ' .',
        '.',
      ),
    );
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FormcastError(
      ErrorCode.ManifestFetchFailed,
      `The model description at ${url} is not JSON (it starts with ${JSON.stringify(text.slice(0, 20))}). Check the model address.`,
      {},
      { cause: error },
    );
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
