import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { type DecisionTree, parseTree } from './decision-tree';
import { ExplainError, ExplainErrorCode } from './explain-errors';

// Per tree URL and model hash: closing and reopening the section, or a second widget showing the
// same model, reads the file once. A failed load is forgotten so that "Try again" refetches.
const loads = new Map<string, Promise<DecisionTree>>();

/**
 * The URL of the manifest's tree file in its model directory, or undefined when it has none (or
 * is a regression model: the decision path names classes).
 */
export function treeUrl(manifest: ModelManifest, modelDirUrl: string): string | undefined {
  const file = isRegression(manifest) ? undefined : manifest.training.tree?.file;
  return file ? new URL(file, modelDirUrl).href : undefined;
}

/**
 * Fetches and checks the decision tree of `manifest`'s model.
 * @throws {ExplainError} TREE_FETCH_FAILED or TREE_INVALID.
 */
export function loadTree(
  manifest: ModelManifest,
  modelDirUrl: string,
  fetcher: typeof fetch = fetch,
): Promise<DecisionTree> {
  const url = treeUrl(manifest, modelDirUrl);
  if (!url) {
    return Promise.reject(
      new ExplainError(ExplainErrorCode.TreeFetchFailed, `${manifest.id} has no tree file`),
    );
  }
  const key = `${url}#${manifest.model.sha256}`;
  let load = loads.get(key);
  if (!load) {
    load = fetchTree(url, fetcher).then((raw) => parseTree(raw, manifest, url));
    load.catch(() => loads.delete(key));
    loads.set(key, load);
  }
  return load;
}

async function fetchTree(url: string, fetcher: typeof fetch): Promise<unknown> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new ExplainError(ExplainErrorCode.TreeFetchFailed, `${url} could not be fetched`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ExplainError(
      ExplainErrorCode.TreeFetchFailed,
      `${url} could not be fetched (HTTP ${response.status})`,
    );
  }
  try {
    return await response.json();
  } catch (error) {
    throw new ExplainError(ExplainErrorCode.TreeFetchFailed, `${url} is not JSON`, {
      cause: error,
    });
  }
}
