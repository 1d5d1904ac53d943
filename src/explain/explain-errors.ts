import { CodedError } from '../errors';

/** Why an explanation could not be shown; the UI shows the message, programs branch on the code. */
export const ExplainErrorCode = {
  /** The explanation's code (a separate chunk, loaded on first open) could not be loaded. */
  ChunkLoadFailed: 'EXPLAIN_CHUNK_LOAD_FAILED',
  /** The model directory's tree file could not be fetched or is not JSON. */
  TreeFetchFailed: 'EXPLAIN_TREE_FETCH_FAILED',
  /** The tree file is malformed, or describes another model than the manifest's. */
  TreeInvalid: 'EXPLAIN_TREE_INVALID',
  /** The what-if rows came back in a shape that does not match what was asked. */
  WhatIfInvalid: 'EXPLAIN_WHAT_IF_INVALID',
} as const;

export type ExplainErrorCode = (typeof ExplainErrorCode)[keyof typeof ExplainErrorCode];

/** The one error the explain modules throw. */
export class ExplainError extends CodedError<ExplainErrorCode> {
  override readonly name = 'ExplainError';
}
