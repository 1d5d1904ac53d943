// Storage failures name their reason (issue 14): IndexedDB missing altogether, a full quota
// whose DOMException has no message, any other DOMException.
import { describe, expect, it } from 'vitest';
import { HistoryErrorCode, storageReason, toHistoryError } from '../../src/history/history-errors';
import { countHistoryEntries, HistoryStore } from '../../src/history/history-store';

describe('history storage errors', () => {
  it('names a full quota, whose DOMException often has no message', () => {
    const error = toHistoryError(
      new DOMException('', 'QuotaExceededError'),
      HistoryErrorCode.StorageFailed,
      'saved',
    );
    expect(error.code).toBe(HistoryErrorCode.StorageFailed);
    expect(error.message).toBe(
      "The history could not be saved: the browser's storage for this site is full (QuotaExceededError). Delete kept predictions, or free space in the browser's site data.",
    );
  });

  it.each([
    [
      new DOMException('The transaction was aborted.', 'AbortError'),
      'The transaction was aborted. (AbortError)',
    ],
    [new DOMException('', 'UnknownError'), 'UnknownError'],
    [new Error('Connection is closing.'), 'Connection is closing.'],
    [undefined, 'the browser gave no reason'],
  ])('gives a reason for %s', (error, reason) => {
    expect(storageReason(error)).toBe(reason);
  });

  it('is unavailable, with a sentence, where the browser has no IndexedDB (as Node)', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const store = new HistoryStore();
    await expect(store.list()).rejects.toMatchObject({
      code: HistoryErrorCode.StorageUnavailable,
      message:
        'The history cannot be kept here: this browser offers no IndexedDB (some private modes and embedded browsers turn it off).',
    });
    await expect(store.prepare()).rejects.toMatchObject({
      code: HistoryErrorCode.StorageUnavailable,
    });
    await expect(countHistoryEntries()).rejects.toMatchObject({
      code: HistoryErrorCode.StorageUnavailable,
    });
  });
});
