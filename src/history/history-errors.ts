import { CodedError } from '../errors';

/** Why the prediction history failed; the UI shows the message, programs branch on the code. */
export const HistoryErrorCode = {
  /** IndexedDB cannot be opened here (disabled storage, some private modes, a blocked upgrade). */
  StorageUnavailable: 'HISTORY_STORAGE_UNAVAILABLE',
  /** A read or write failed on an open database (quota exceeded, the browser closed it...). */
  StorageFailed: 'HISTORY_STORAGE_FAILED',
} as const;

export type HistoryErrorCode = (typeof HistoryErrorCode)[keyof typeof HistoryErrorCode];

/** The one error the history modules throw. */
export class HistoryError extends CodedError<HistoryErrorCode> {
  override readonly name = 'HistoryError';
}

/**
 * Why storage failed, in words. IndexedDB's errors are DOMExceptions whose message is often
 * empty ("could not be saved: " said nothing); their name is the reason then.
 */
export function storageReason(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error ?? '');
  if (name === 'QuotaExceededError') {
    return "the browser's storage for this site is full (QuotaExceededError). Delete kept predictions, or free space in the browser's site data";
  }
  if (message && name && name !== 'Error') return `${message} (${name})`;
  return message || name || 'the browser gave no reason';
}

/** Wraps anything thrown by IndexedDB into a HistoryError that says what was being done. */
export function toHistoryError(
  error: unknown,
  code: HistoryErrorCode,
  doing: string,
): HistoryError {
  if (error instanceof HistoryError) return error;
  return new HistoryError(code, `The history could not be ${doing}: ${storageReason(error)}.`, {
    cause: error,
  });
}
