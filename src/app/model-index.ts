import { ErrorCode, FormcastError } from '../errors';
import type { TaskKind } from '../manifest/manifest-types';

/** One entry of public/models/index.json. */
export interface ModelIndexEntry {
  readonly id: string;
  readonly title: string;
  /** Model directory, relative to the index. */
  readonly path: string;
  readonly version: string;
  /** What the model predicts, when the index says (optional). */
  readonly task?: TaskKind;
  /** A sentence or two on the model, when the index says (optional). */
  readonly description?: string;
}

const TASKS: readonly TaskKind[] = ['classification', 'binary', 'regression'];

/** Fetches and checks the list of models the site ships. */
export async function fetchModelIndex(url: string): Promise<readonly ModelIndexEntry[]> {
  let body: unknown;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new FormcastError(
      ErrorCode.ManifestFetchFailed,
      `The list of models could not be loaded from ${url}: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const models = (body as { models?: unknown }).models;
  const valid =
    Array.isArray(models) &&
    models.length > 0 &&
    models.every(
      (m) =>
        typeof m?.id === 'string' &&
        typeof m?.path === 'string' &&
        typeof m?.title === 'string' &&
        ['string', 'undefined'].includes(typeof m?.description) &&
        [undefined, ...TASKS].includes(m?.task),
    );
  if (!valid) {
    throw new FormcastError(
      ErrorCode.ManifestInvalid,
      `${url} must hold {"models": [{"id", "title", "path", "version", "task"?, "description"?}, ...]}.`,
    );
  }
  return models as ModelIndexEntry[];
}
