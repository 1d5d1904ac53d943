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
  // `null`, a list or a number parse as JSON too: only an object can hold the list of models.
  const models =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { models?: unknown }).models
      : undefined;
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
      `The list of models at ${url} is malformed (${describeJson(body)}): it must hold {"models": [{"id", "title", "path", "version", "task"?, "description"?}, ...]}.`,
    );
  }
  return models as ModelIndexEntry[];
}

/** What a parsed JSON value is, for a message: `null`, `a list`, `an object without "models"`. */
function describeJson(body: unknown): string {
  if (body === null) return 'it holds null';
  if (Array.isArray(body)) return 'it holds a list';
  if (typeof body !== 'object') return `it holds a ${typeof body}`;
  const models = (body as { models?: unknown }).models;
  if (models === undefined) return 'it has no "models"';
  if (!Array.isArray(models)) return '"models" is not a list';
  if (models.length === 0) return '"models" is empty';
  return 'an entry lacks an id, title or path, or has an unknown task';
}
