import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FormcastClassPredictDetail } from '../../src/events/formcast-events';
import type { HistoryEntry, NewHistoryEntry } from '../../src/history/history-entry';
import {
  HistoryRecorder,
  isSamePrediction,
  RETRY_AFTER_MS,
} from '../../src/history/history-recorder';
import type { HistoryJournal } from '../../src/history/history-journal';
import type { HistoryWriter } from '../../src/history/history-store';

/** An in-memory store with the real one's contract: check and add happen together. */
class FakeStore implements HistoryWriter {
  readonly entries: HistoryEntry[] = [];
  /** Makes each add take this long (fake time), to let saves overlap. */
  latencyMs = 0;
  /** The error the next adds throw, and how many of them throw it. */
  failNext: Error | undefined;
  failTimes = 1;
  /** Called as each add starts, to look at the world from inside the store. */
  onAdd: () => void = () => {};

  async add(
    entry: NewHistoryEntry,
    skipIf?: (newest: HistoryEntry | undefined) => boolean,
  ): Promise<HistoryEntry | undefined> {
    this.onAdd();
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failNext) {
      const error = this.failNext;
      if (--this.failTimes <= 0) {
        this.failNext = undefined;
        this.failTimes = 1;
      }
      throw error;
    }
    if (skipIf?.(this.entries.at(-1))) return undefined;
    const stored = { ...entry, id: this.entries.length + 1 };
    this.entries.push(stored);
    return stored;
  }

  ages(): unknown[] {
    return this.entries.map((e) => e.inputs.Age);
  }
}

function prediction(
  inputs: Record<string, number | string>,
  overrides: Partial<FormcastClassPredictDetail> = {},
): FormcastClassPredictDetail {
  return {
    task: 'classification',
    inputs: { Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14, ...inputs },
    label: 'drugA',
    probabilities: { DrugY: 0, drugA: 1, drugB: 0, drugC: 0, drugX: 0 },
    warnings: [],
    modelId: 'drug',
    modelVersion: '1.0.0',
    ...overrides,
  };
}

describe('HistoryRecorder', () => {
  let store: FakeStore;
  let saved: HistoryEntry[];
  let errors: unknown[];
  let recorder: HistoryRecorder;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-21T10:14:00.000Z') });
    store = new FakeStore();
    saved = [];
    errors = [];
    recorder = new HistoryRecorder({
      store,
      onSaved: (entry) => saved.push(entry),
      onError: (error) => errors.push(error),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a prediction once the form has been stable for one second, not before', async () => {
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(999);
    expect(store.entries).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.ages()).toEqual([47]);
    expect(saved).toEqual(store.entries);
  });

  it('keeps only the last of predictions made while typing', async () => {
    recorder.offer(prediction({ Age: 4 }));
    await vi.advanceTimersByTimeAsync(300);
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(900);
    recorder.offer(prediction({ Age: 470 }));
    await vi.advanceTimersByTimeAsync(999);
    expect(store.entries).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.ages()).toEqual([470]);
  });

  it('records the time the kept prediction was made, as ISO 8601', async () => {
    await vi.advanceTimersByTimeAsync(5000);
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.entries[0]!.time).toBe('2026-11-21T10:14:05.000Z');
  });

  it('stores the whole prediction, copied from the event', async () => {
    const detail = prediction(
      { Age: 80 },
      {
        warnings: [{ field: 'Age', code: 'out-of-range', message: 'Age: 80 is outside' }],
      },
    );
    recorder.offer(detail);
    (detail.inputs as Record<string, unknown>).Age = 1;
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.entries).toEqual([
      {
        id: 1,
        task: 'classification',
        time: '2026-11-21T10:14:00.000Z',
        modelId: 'drug',
        modelVersion: '1.0.0',
        inputs: { Age: 80, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
        label: 'drugA',
        probabilities: { DrugY: 0, drugA: 1, drugB: 0, drugC: 0, drugX: 0 },
        warnings: [{ field: 'Age', code: 'out-of-range', message: 'Age: 80 is outside' }],
      },
    ]);
  });

  it('does not keep a prediction identical to the newest entry', async () => {
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(1000);
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.ages()).toEqual([47]);
    expect(saved).toHaveLength(1);
  });

  it('keeps a repeat of an older entry, and the same inputs with another model or version', async () => {
    const offers = [
      prediction({ Age: 47 }),
      prediction({ Age: 48 }),
      prediction({ Age: 47 }),
      prediction({ Age: 47 }, { modelVersion: '2.0.0' }),
      prediction({ Age: 47 }, { modelId: 'other' }),
    ];
    for (const offer of offers) {
      recorder.offer(offer);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(store.entries.map((e) => [e.modelId, e.modelVersion, e.inputs.Age])).toEqual([
      ['drug', '1.0.0', 47],
      ['drug', '1.0.0', 48],
      ['drug', '1.0.0', 47],
      ['drug', '2.0.0', 47],
      ['other', '1.0.0', 47],
    ]);
  });

  it('forgets the pending prediction when told to (the form changed, or saving stopped)', async () => {
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(500);
    recorder.discard();
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.entries).toEqual([]);
  });

  it('flush saves the pending prediction at once, and only once', async () => {
    recorder.offer(prediction({ Age: 47 }));
    await recorder.flush();
    expect(store.ages()).toEqual([47]);
    await recorder.flush();
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.ages()).toEqual([47]);
  });

  it('flush with nothing pending saves nothing', async () => {
    await recorder.flush();
    expect(store.entries).toEqual([]);
  });

  it('runs saves one after another, so an overlapping duplicate is still caught', async () => {
    store.latencyMs = 50;
    recorder.offer(prediction({ Age: 47 }));
    const first = recorder.flush();
    recorder.offer(prediction({ Age: 47 }));
    const second = recorder.flush();
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, second]);
    expect(store.ages()).toEqual([47]);
  });

  it('reports a save that fails twice, and keeps working', async () => {
    store.failNext = new Error('QuotaExceededError');
    store.failTimes = 2;
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(1000 + RETRY_AFTER_MS);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('QuotaExceededError');
    recorder.offer(prediction({ Age: 48 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.ages()).toEqual([48]);
  });

  it('tries a failed save once more, and then it is kept and nothing is reported', async () => {
    const written: string[] = [];
    const retrying = new HistoryRecorder({
      store,
      onWritten: () => written.push('written'),
      onError: (error) => errors.push(error),
    });
    store.failNext = new Error('The transaction was aborted');
    retrying.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.ages()).toEqual([]);
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_MS);
    expect(store.ages()).toEqual([47]);
    expect(errors).toEqual([]);
    expect(written).toEqual(['written']);
  });

  it('waits the delay it is given', async () => {
    const quick = new HistoryRecorder({ store, stableAfterMs: 200 });
    quick.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(199);
    expect(store.entries).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.ages()).toEqual([47]);
  });
});

/** localStorage's behaviour, in memory. */
class FakeJournal implements HistoryJournal {
  text: string | undefined;
  write(entry: NewHistoryEntry): void {
    this.text = JSON.stringify(entry);
  }
  read(): NewHistoryEntry | undefined {
    return this.text === undefined ? undefined : (JSON.parse(this.text) as NewHistoryEntry);
  }
  clear(entry?: NewHistoryEntry): void {
    if (!entry || JSON.stringify(entry) === this.text) this.text = undefined;
  }
}

describe('HistoryRecorder, when the page goes away', () => {
  let store: FakeStore;
  let journal: FakeJournal;
  let recorder: HistoryRecorder;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-21T10:14:00.000Z') });
    store = new FakeStore();
    journal = new FakeJournal();
    recorder = new HistoryRecorder({ store, journal });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the pending entry to the journal before the store, and clears it once stored', async () => {
    let journalledBeforeStore: unknown;
    store.onAdd = () => (journalledBeforeStore = journal.read()?.inputs.Age);
    recorder.offer(prediction({ Age: 47 }));
    const done = recorder.flush(true);
    expect(journal.read()?.inputs.Age).toBe(47);
    await done;
    expect(journalledBeforeStore).toBe(47);
    expect(store.ages()).toEqual([47]);
    expect(journal.text).toBeUndefined();
  });

  it('uses no journal for the saves made while the page stays', async () => {
    store.onAdd = () => expect(journal.text).toBeUndefined();
    recorder.offer(prediction({ Age: 47 }));
    await vi.advanceTimersByTimeAsync(1000);
    recorder.offer(prediction({ Age: 48 }));
    await recorder.flush();
    expect(store.ages()).toEqual([47, 48]);
  });

  it('keeps the journal when the store fails, and the next page saves its entry', async () => {
    store.failNext = new Error('aborted');
    store.failTimes = 2;
    recorder.offer(prediction({ Age: 47 }));
    const flushed = recorder.flush(true);
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_MS);
    await flushed;
    expect(store.entries).toEqual([]);
    expect(journal.read()?.inputs.Age).toBe(47);

    const next = new HistoryRecorder({ store, journal });
    await next.recover();
    expect(store.ages()).toEqual([47]);
    expect(store.entries[0]!.time).toBe('2026-11-21T10:14:00.000Z');
    expect(journal.text).toBeUndefined();
  });

  it('does not save the journal entry twice when the store got it after all', async () => {
    recorder.offer(prediction({ Age: 47 }));
    await recorder.flush(true);
    // As if the page had died after the store's write but before the journal was cleared.
    const withoutId = Object.entries(store.entries[0]!).filter(([key]) => key !== 'id');
    journal.write(Object.fromEntries(withoutId) as unknown as NewHistoryEntry);
    await new HistoryRecorder({ store, journal }).recover();
    expect(store.ages()).toEqual([47]);
    expect(journal.text).toBeUndefined();
  });

  it('keeps a newer journal entry when an older save completes', async () => {
    store.latencyMs = 50;
    recorder.offer(prediction({ Age: 47 }));
    const first = recorder.flush(true);
    recorder.offer(prediction({ Age: 48 }));
    const second = recorder.flush(true);
    await vi.advanceTimersByTimeAsync(50);
    await first;
    expect(store.ages()).toEqual([47]);
    expect(journal.read()?.inputs.Age).toBe(48);
    await vi.advanceTimersByTimeAsync(50);
    await second;
    expect(store.ages()).toEqual([47, 48]);
    expect(journal.text).toBeUndefined();
  });

  it('recovers nothing from an empty journal', async () => {
    await recorder.recover();
    expect(store.entries).toEqual([]);
  });
});

describe('isSamePrediction', () => {
  const base = { modelId: 'drug', modelVersion: '1.0.0', inputs: { Age: 47, Sex: 'F' } };

  it('ignores the order of the inputs', () => {
    expect(isSamePrediction(base, { ...base, inputs: { Sex: 'F', Age: 47 } })).toBe(true);
  });

  it.each([
    ['another value', { ...base, inputs: { Age: 48, Sex: 'F' } }],
    ['a number written as text', { ...base, inputs: { Age: '47', Sex: 'F' } }],
    ['a missing input', { ...base, inputs: { Age: 47 } }],
    ['an extra input', { ...base, inputs: { Age: 47, Sex: 'F', BP: 'LOW' } }],
    ['another version', { ...base, modelVersion: '1.0.1' }],
    ['another model', { ...base, modelId: 'drug2' }],
  ])('tells %s apart', (_what, other) => {
    expect(isSamePrediction(base, other)).toBe(false);
    expect(isSamePrediction(other, base)).toBe(false);
  });
});
