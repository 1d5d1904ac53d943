// History entries and their CSV export for binary and regression models, and entries written
// before models had task kinds. Manifests are the drug model's, reshaped per task (see task-manifests.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { predictionColumns } from '../../src/csv/write-csv';
import type {
  FormcastClassPredictDetail,
  FormcastValuePredictDetail,
} from '../../src/events/formcast-events';
import { historyCsv, historyCsvColumns } from '../../src/history/history-csv';
import {
  type ClassHistoryEntry,
  type HistoryEntry,
  isValueEntry,
  toHistoryEntry,
  type ValueHistoryEntry,
} from '../../src/history/history-entry';
import { HISTORY_JOURNAL_KEY, localStorageJournal } from '../../src/history/history-journal';
import { binaryManifest, regressionManifest } from './task-manifests';

const TIME = new Date('2026-11-21T10:14:05.120Z');
const base = { warnings: [], modelVersion: '1.0.0' };

function lines(csv: string): string[] {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n');
}

describe('a kept prediction', () => {
  it('of a regression model keeps its value and range, copied', () => {
    const range = { low: 85_000, high: 115_000, coverage: 0.8 };
    const detail: FormcastValuePredictDetail = {
      ...base,
      task: 'regression',
      modelId: 'prices',
      inputs: { Age: 47, Sex: 'F', BP: null, Cholesterol: 'HIGH', Na_to_K: null },
      value: 100_000,
      range,
    };
    const entry = toHistoryEntry(detail, TIME);
    expect(entry).toEqual({
      time: TIME.toISOString(),
      task: 'regression',
      modelId: 'prices',
      modelVersion: '1.0.0',
      inputs: detail.inputs,
      value: 100_000,
      range,
      warnings: [],
    });
    expect(isValueEntry(entry)).toBe(true);
    range.low = 0;
    expect((entry as Omit<ValueHistoryEntry, 'id'>).range!.low).toBe(85_000);
  });

  it('of a regression model without a range has none', () => {
    const entry = toHistoryEntry(
      { ...base, task: 'regression', modelId: 'prices', inputs: {}, value: 3.5 },
      TIME,
    );
    expect(entry).not.toHaveProperty('range');
    expect(entry).toMatchObject({ task: 'regression', value: 3.5 });
  });

  it('of a binary model keeps its task, label and probabilities', () => {
    const detail: FormcastClassPredictDetail = {
      ...base,
      task: 'binary',
      modelId: 'attrition',
      inputs: { Age: 30 },
      label: '1',
      probabilities: { '0': 0.25, '1': 0.75 },
    };
    expect(toHistoryEntry(detail, TIME)).toMatchObject({
      task: 'binary',
      label: '1',
      probabilities: { '0': 0.25, '1': 0.75 },
    });
    expect(isValueEntry(toHistoryEntry(detail, TIME))).toBe(false);
  });
});

describe('the history CSV of a regression model', () => {
  const manifest = regressionManifest();
  const entry = (id: number, overrides: Partial<ValueHistoryEntry> = {}): ValueHistoryEntry => ({
    id,
    time: `2026-11-21T10:1${id}:00.000Z`,
    task: 'regression',
    modelId: manifest.id,
    modelVersion: '1.0.0',
    inputs: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
    value: 200_000,
    range: { low: 170_000, high: 230_000, coverage: 0.8 },
    warnings: [],
    ...overrides,
  });

  it('has the batch output’s value and range columns', () => {
    expect(historyCsvColumns(manifest).slice(5)).toEqual([
      'recorded_at',
      'model_version',
      ...predictionColumns(manifest),
    ]);
    expect(predictionColumns(manifest)).toEqual([
      'predicted_value',
      'range_low',
      'range_high',
      'error',
    ]);
  });

  it('writes the value, the range kept with the entry, and empty cells for empty inputs', () => {
    const csv = historyCsv(manifest, [
      entry(1, { inputs: { Age: 47, Sex: 'F', BP: null, Cholesterol: 'HIGH', Na_to_K: null } }),
      // Kept under a version whose range was narrower: its own range is exported, not today's.
      entry(2, { modelVersion: '0.9.0', value: 123_456.7, range: undefined }),
      entry(3, { value: 100_000.5, range: { low: 90_000, high: 110_000, coverage: 0.8 } }),
    ]);
    expect(lines(csv).slice(1)).toEqual([
      '47,F,,HIGH,,2026-11-21T10:11:00.000Z,1.0.0,200000,170000,230000,',
      '47,F,HIGH,HIGH,14,2026-11-21T10:12:00.000Z,0.9.0,123456.703,,,',
      '47,F,HIGH,HIGH,14,2026-11-21T10:13:00.000Z,1.0.0,100000.5,90000,110000,',
    ]);
  });

  it('leaves the prediction empty for an entry the model kept when it was a classifier', () => {
    const old: ClassHistoryEntry = {
      ...entry(1),
      task: undefined,
      label: 'drugA',
      probabilities: { drugA: 1 },
    };
    expect(lines(historyCsv(manifest, [old as HistoryEntry]))[1]).toBe(
      '47,F,HIGH,HIGH,14,2026-11-21T10:11:00.000Z,1.0.0,,,,',
    );
  });
});

describe('the history CSV of a binary model', () => {
  it('has one probability per class, as a batch file does', () => {
    const manifest = binaryManifest();
    const csv = historyCsv(manifest, [
      {
        id: 1,
        time: '2026-11-21T10:14:00.000Z',
        task: 'binary',
        modelId: manifest.id,
        modelVersion: '1.0.0',
        inputs: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
        label: '1',
        probabilities: { '0': 0.25, '1': 0.75 },
        warnings: [],
      },
    ]);
    expect(lines(csv)).toEqual([
      'Age,Sex,BP,Cholesterol,Na_to_K,recorded_at,model_version,predicted_label,p_0,p_1,error',
      '47,F,HIGH,HIGH,14,2026-11-21T10:14:00.000Z,1.0.0,1,0.25,0.75,',
    ]);
  });
});

describe('the journal (the entry saved as the page went away)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function stubStorage(): Map<string, string> {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    });
    return items;
  }

  it('reads back a regression entry, an old entry without a task, and nothing malformed', () => {
    const items = stubStorage();
    const value = toHistoryEntry(
      { ...base, task: 'regression', modelId: 'prices', inputs: { A: null }, value: 5 },
      TIME,
    );
    localStorageJournal.write(value);
    expect(localStorageJournal.read()).toEqual(value);

    const old = {
      time: TIME.toISOString(),
      modelId: 'drug',
      modelVersion: '1.0.0',
      inputs: { Age: 47 },
      label: 'drugA',
      probabilities: { drugA: 1 },
      warnings: [],
    };
    items.set(HISTORY_JOURNAL_KEY, JSON.stringify(old));
    expect(localStorageJournal.read()).toEqual(old);

    items.set(HISTORY_JOURNAL_KEY, JSON.stringify({ ...value, value: 'five' }));
    expect(localStorageJournal.read()).toBeUndefined();
    items.set(HISTORY_JOURNAL_KEY, JSON.stringify({ ...old, label: undefined }));
    expect(localStorageJournal.read()).toBeUndefined();
  });
});
