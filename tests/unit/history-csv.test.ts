import { describe, expect, it } from 'vitest';
import type { ClassHistoryEntry } from '../../src/history/history-entry';
import { historyCsv, historyCsvColumns, historyCsvFileName } from '../../src/history/history-csv';
import type { ModelManifest } from '../../src/manifest/manifest-types';
import { realManifest } from './helpers';

function entry(
  id: number,
  time: string,
  overrides: Partial<ClassHistoryEntry> = {},
): ClassHistoryEntry {
  return {
    id,
    time,
    modelId: 'drug',
    modelVersion: '1.0.0',
    inputs: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14.5 },
    label: 'drugA',
    probabilities: { DrugY: 0.1, drugA: 0.7, drugB: 0.2, drugC: 0, drugX: 0 },
    warnings: [],
    ...overrides,
  };
}

/** The file's lines, without their CRLF terminators. */
function lines(csv: string): string[] {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n');
}

describe('history CSV export', () => {
  const manifest = realManifest();

  it('has the inputs in manifest order, then recorded_at, model_version and the batch columns', () => {
    expect(historyCsvColumns(manifest)).toEqual([
      'Age',
      'Sex',
      'BP',
      'Cholesterol',
      'Na_to_K',
      'recorded_at',
      'model_version',
      'predicted_label',
      'p_DrugY',
      'p_drugA',
      'p_drugB',
      'p_drugC',
      'p_drugX',
      'error',
    ]);
    expect(lines(historyCsv(manifest, []))).toEqual([historyCsvColumns(manifest).join(',')]);
  });

  it('writes one row per entry, oldest first, with float32-exact probabilities', () => {
    const csv = historyCsv(manifest, [
      entry(2, '2026-11-21T10:15:00.000Z', {
        inputs: { Age: 61, Sex: 'M', BP: 'LOW', Cholesterol: 'NORMAL', Na_to_K: 9.5 },
        label: 'drugX',
        probabilities: { DrugY: 0, drugA: 0, drugB: 0, drugC: 0, drugX: 1 },
      }),
      entry(1, '2026-11-21T10:14:05.120Z'),
    ]);
    expect(lines(csv).slice(1)).toEqual([
      '47,F,HIGH,HIGH,14.5,2026-11-21T10:14:05.120Z,1.0.0,drugA,0.100000001,0.699999988,0.200000003,0,0,',
      '61,M,LOW,NORMAL,9.5,2026-11-21T10:15:00.000Z,1.0.0,drugX,0,0,0,0,1,',
    ]);
  });

  it('orders entries made in the same millisecond by their id', () => {
    const time = '2026-11-21T10:14:05.120Z';
    const csv = historyCsv(manifest, [
      entry(7, time, { inputs: { ...entry(0, time).inputs, Age: 70 } }),
      entry(3, time, { inputs: { ...entry(0, time).inputs, Age: 30 } }),
    ]);
    expect(
      lines(csv)
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['30', '70']);
  });

  it("leaves out other models' entries", () => {
    const csv = historyCsv(manifest, [
      entry(1, '2026-11-21T10:14:00.000Z', { modelId: 'iris' }),
      entry(2, '2026-11-21T10:15:00.000Z'),
    ]);
    expect(lines(csv)).toHaveLength(2);
    expect(lines(csv)[1]).toContain('2026-11-21T10:15:00.000Z');
  });

  it("keeps each entry's own model version", () => {
    const csv = historyCsv(manifest, [
      entry(1, '2026-11-21T10:14:00.000Z', { modelVersion: '0.9.0' }),
    ]);
    expect(lines(csv)[1]!.split(',')[6]).toBe('0.9.0');
  });

  it('leaves a cell empty where an older version had no such input or class', () => {
    const csv = historyCsv(manifest, [
      entry(1, '2026-11-21T10:14:00.000Z', {
        inputs: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH' },
        probabilities: { DrugY: 0.25, drugA: 0.75 },
      }),
    ]);
    expect(lines(csv)[1]).toBe(
      '47,F,HIGH,HIGH,,2026-11-21T10:14:00.000Z,1.0.0,drugA,0.25,0.75,,,,',
    );
  });

  it('quotes values as the shared CSV writer does', () => {
    const withComma = {
      ...manifest,
      inputs: manifest.inputs.map((spec) =>
        spec.name === 'BP' && spec.type === 'category'
          ? { ...spec, categories: ['HIGH, very'] }
          : spec,
      ),
    } as ModelManifest;
    const csv = historyCsv(withComma, [
      entry(1, '2026-11-21T10:14:00.000Z', {
        inputs: { ...entry(0, '').inputs, BP: 'HIGH, very' },
      }),
    ]);
    expect(lines(csv)[1]).toMatch(/^47,F,"HIGH, very",HIGH,14\.5,/);
  });
});

describe('historyCsvFileName', () => {
  it("names the model and the user's local date", () => {
    expect(historyCsvFileName('drug', new Date(2026, 10, 21, 23, 59))).toBe(
      'formcast-history-drug-2026-11-21.csv',
    );
    expect(historyCsvFileName('iris', new Date(2027, 0, 5, 0, 1))).toBe(
      'formcast-history-iris-2027-01-05.csv',
    );
  });
});
