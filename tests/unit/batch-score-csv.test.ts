import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchProgress, BatchResult } from '../../src/batch/batch-types';
import { scoreCsv } from '../../src/batch/score-csv';
import { formatFloat32, predictionColumns } from '../../src/csv/write-csv';
import { ErrorCode, FormcastError } from '../../src/errors';
import { validateInputs } from '../../src/inputs/validate-inputs';
import type { ClassificationManifest } from '../../src/manifest/manifest-types';
import type { RunColumns } from '../../src/runtime/run-rows';
import { type DrugModel, fileOf, fixtureFile, loadDrugModel } from '../fixtures/models';

let model: DrugModel;
let manifest: ClassificationManifest;

beforeAll(async () => {
  model = await loadDrugModel();
  manifest = model.manifest as ClassificationManifest;
});

function score(file: Blob, options: { partBytes?: number; run?: RunColumns } = {}) {
  return scoreCsv(file, manifest, options.run ?? model.runColumns, {
    partBytes: options.partBytes,
  });
}

/** The scored file, parsed back: header and rows of cells. */
async function outputRows(result: BatchResult): Promise<{ header: string[]; rows: string[][] }> {
  const text = await result.output.text();
  expect(text.endsWith('\r\n')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(0, -2), { delimiter: ',', newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data;
  return { header: header!, rows };
}

/** What the form would answer for these values: label and formatted probabilities. */
async function formAnswer(values: Record<string, string>): Promise<string[]> {
  const checked = validateInputs(manifest.inputs, values);
  if (!checked.ok) throw new Error(checked.issues.map((i) => i.message).join('; '));
  const { labels, scores } = await model.run([checked.values]);
  return [labels![0]!, ...Array.from(scores, formatFloat32)];
}

async function fileError(file: Blob): Promise<FormcastError> {
  try {
    await score(file);
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    expect((error as FormcastError).code).toBe(ErrorCode.CsvInvalid);
    return error as FormcastError;
  }
  throw new Error('scoreCsv accepted the file');
}

const MIXED_ERRORS: Record<string, string> = {
  '5': 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
  '6': 'Age: "abc" is not a number',
  '7': 'Na_to_K: missing',
  '8': 'Na_to_K: "NaN" is not a finite number',
  '9': 'Na_to_K: "inf" is not a finite number',
  '10': 'Na_to_K: "14,5" is not a number (use a dot as the decimal separator)',
  '12': 'row has 5 fields, header has 7',
};

describe('scoreCsv', () => {
  it('scores every row of a messy file, one output row per input row, in order', async () => {
    const input = readFileSync(new URL('../fixtures/csv/drug-mixed.csv', import.meta.url), 'utf8');
    const inputRows = Papa.parse<string[]>(input, { delimiter: ',' }).data.slice(1, -3); // header; 3 trailing ''
    const result = await score(fixtureFile('drug-mixed.csv'));
    const { header, rows } = await outputRows(result);

    expect(header).toEqual([
      ...['id', 'Na_to_K', 'notes', 'Sex', 'BP', 'Age', 'Cholesterol'],
      ...predictionColumns(manifest),
    ]);
    expect(rows).toHaveLength(14);
    expect(inputRows).toHaveLength(14);
    const k = manifest.outputs.classes.length;
    for (const [i, row] of rows.entries()) {
      const source = inputRows[i]!;
      const id = String(i + 1);
      if (source.length === 1) {
        // the blank line in the middle: a row of its own
        expect(row, `row ${id}`).toEqual([...Array(7 + 1 + k).fill(''), 'row is empty']);
        continue;
      }
      const inputs = [...source, ...Array(7).fill('')].slice(0, 7);
      expect(row.slice(0, 7), `row ${id} keeps its values`).toEqual(inputs);
      const error = row.at(-1);
      if (MIXED_ERRORS[id]) {
        expect(error, `row ${id}`).toBe(MIXED_ERRORS[id]);
        expect(row.slice(7, 7 + 1 + k), `row ${id} has no prediction`).toEqual(
          Array(1 + k).fill(''),
        );
      } else {
        expect(error, `row ${id}`).toBe('');
        const [, naToK, , sex, bp, age, cholesterol] = inputs;
        const expected = await formAnswer({
          Age: age!,
          Sex: sex!,
          BP: bp!,
          Cholesterol: cholesterol!,
          Na_to_K: naToK!,
        });
        expect(row.slice(7, 7 + 1 + k), `row ${id} is predicted as the form would`).toEqual(
          expected,
        );
      }
    }
    expect(rows[1]![2]).toBe('Zoë says "hello" ☕');
    expect(rows[12]![2]).toBe('multi\nline note');
  });

  it('summarises counts by class and problems by reason', async () => {
    const { summary, preview, columns } = await score(fixtureFile('drug-mixed.csv'));
    expect(summary).toMatchObject({ rows: 14, scored: 6, failed: 8, delimiter: ',' });
    expect(Object.keys(summary.byClass)).toEqual(manifest.outputs.classes);
    expect(Object.values(summary.byClass).reduce((a, b) => a + b)).toBe(6);
    expect(summary.errors.map((e) => [e.reason, e.count, e.firstRow, e.example])).toEqual(
      [
        ['BP: not one of HIGH, LOW, NORMAL', 1, 5, MIXED_ERRORS['5']],
        ['Age: not a number', 1, 6, MIXED_ERRORS['6']],
        ['Na_to_K: missing', 1, 7, MIXED_ERRORS['7']],
        ['Na_to_K: not a finite number', 2, 8, MIXED_ERRORS['8']],
        ['Na_to_K: not a number', 1, 10, MIXED_ERRORS['10']],
        ['row is empty', 1, 11, 'row is empty'],
        ['wrong number of fields', 1, 12, MIXED_ERRORS['12']],
      ].sort((a, b) => (b[1] as number) - (a[1] as number)),
    );
    expect(preview).toHaveLength(14);
    expect(preview[0]).toHaveLength(columns.length);
  });

  it('gives byte-identical output for LF or CRLF, with or without a BOM, in any read size', async () => {
    const lf = readFileSync(new URL('../fixtures/csv/drug-mixed.csv', import.meta.url), 'utf8');
    const variants = {
      lf,
      crlf: lf.replaceAll('\n', '\r\n'),
      bomLf: `\uFEFF${lf}`,
      bomCrlf: `\uFEFF${lf.replaceAll('\n', '\r\n')}`,
    };
    const expected = await (await score(fileOf(lf))).output.text();
    for (const [name, text] of Object.entries(variants)) {
      for (const partBytes of [undefined, 5, 64]) {
        const result = await score(fileOf(text), { partBytes });
        // The one difference CRLF makes: the line break inside the quoted note is kept as is.
        const want = name.toLowerCase().includes('crlf')
          ? expected.replace('multi\nline', 'multi\r\nline')
          : expected;
        expect(await result.output.text(), `${name}, chunks of ${partBytes ?? 'default'}`).toBe(
          want,
        );
      }
    }
  });

  it('reads a ; file with decimal commas, writing a standard , file', async () => {
    const result = await score(fixtureFile('drug-semicolon.csv'));
    const { header, rows } = await outputRows(result);
    expect(result.summary.delimiter).toBe(';');
    expect(header.slice(0, 6)).toEqual(['Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_K', 'comment']);
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ['23', 'F', 'HIGH', 'HIGH', '25,355', 'decimal comma'],
      ['47', 'M', 'LOW', 'HIGH', '13.093', 'decimal point'],
      ['61', 'F', 'NORMAL', 'NORMAL', '7,5', 'quoted; with a semicolon'],
      ['30', 'M', 'HIGH', 'NORMAL', '1,2,3', 'two commas'],
      [' 45 ', 'M', 'HIGH', 'NORMAL', ' 16,2 ', 'spaces and a decimal comma'],
    ]);
    expect(rows.map((r) => r.at(-1))).toEqual(['', '', '', 'Na_to_K: "1,2,3" is not a number', '']);
    expect(rows[0]!.slice(6, -1)).toEqual(
      await formAnswer({ Age: '23', Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: '25.355' }),
    );
    expect(rows[4]!.slice(6, -1)).toEqual(
      await formAnswer({ Age: '45', Sex: 'M', BP: 'HIGH', Cholesterol: 'NORMAL', Na_to_K: '16.2' }),
    );
  });

  it('drops trailing empty lines but keeps blank lines followed by data, across reads', async () => {
    const text =
      'Age,Sex,BP,Cholesterol,Na_to_K\n\n23,F,HIGH,HIGH,25\n\n\n47,M,LOW,HIGH,13\n\n\n\n';
    for (const partBytes of [undefined, 1, 3, 40]) {
      const result = await score(fileOf(text), { partBytes });
      const { rows } = await outputRows(result);
      expect(
        rows.map((r) => r.at(-1)),
        `chunks of ${partBytes ?? 'default'}`,
      ).toEqual(['row is empty', '', 'row is empty', 'row is empty', '']);
      expect(result.summary.rows).toBe(5);
    }
  });

  it('ignores blank lines before the header', async () => {
    const { summary } = await score(
      fileOf('\n\nAge,Sex,BP,Cholesterol,Na_to_K\n23,F,HIGH,HIGH,25\n'),
    );
    expect(summary).toMatchObject({ rows: 1, scored: 1 });
  });

  it('keeps a row of empty fields as a row, not as the end of the file', async () => {
    const { rows } = await outputRows(
      await score(fileOf('Age,Sex,BP,Cholesterol,Na_to_K\n23,F,HIGH,HIGH,25\n,,,,\n')),
    );
    expect(rows.map((r) => r.at(-1))).toEqual(['', 'row is empty']);
  });

  it('keeps an unclosed quote’s row, with a message, and scores the rows before it', async () => {
    const { rows, header } = await outputRows(
      await score(fileOf('Age,Sex,BP,Cholesterol,Na_to_K\n23,F,HIGH,HIGH,25\n47,M,"LOW,HIGH,13\n')),
    );
    expect(header.at(-1)).toBe('error');
    expect(rows.map((r) => r.at(-1))).toEqual(['', 'a quoted field is never closed']);
  });

  it('scores many rows across reads and model runs, in order', async () => {
    const lines = ['Age,Sex,BP,Cholesterol,Na_to_K'];
    for (let i = 0; i < 120_000; i++)
      lines.push(`${15 + (i % 60)},${i % 2 ? 'M' : 'F'},HIGH,HIGH,${i % 40}`);
    const runs: number[] = [];
    const result = await score(fileOf(lines.join('\n')), {
      run: (columns) => {
        runs.push(columns.length);
        return model.runColumns(columns);
      },
    });
    expect(result.summary).toMatchObject({ rows: 120_000, scored: 120_000, failed: 0 });
    expect(runs.length).toBeGreaterThan(1);
    expect(Math.max(...runs)).toBeLessThanOrEqual(100_000);
    const { rows } = await outputRows(result);
    expect(rows).toHaveLength(120_000);
    for (const i of [0, 1, 59_999, 119_999])
      expect(rows[i]!.slice(0, 5)).toEqual(lines[i + 1]!.split(','));
    expect(rows[119_999]!.slice(5, -1)).toEqual(
      await formAnswer({ Age: '74', Sex: 'M', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: '39' }),
    );
  });

  it('reports progress by rows and bytes, ending at the whole file', async () => {
    const lines = ['Age,Sex,BP,Cholesterol,Na_to_K'];
    for (let i = 0; i < 30_000; i++) lines.push(`40,F,HIGH,HIGH,${i % 30}`);
    const file = fileOf(lines.join('\n'));
    const reports: BatchProgress[] = [];
    await scoreCsv(file, manifest, model.runColumns, {
      partBytes: 4096,
      onProgress: (p) => reports.push(p),
    });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.at(-1)).toMatchObject({
      rowsDone: 30_000,
      bytesRead: file.size,
      bytesTotal: file.size,
    });
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i]!.rowsDone).toBeGreaterThanOrEqual(reports[i - 1]!.rowsDone);
      expect(reports[i]!.bytesRead).toBeGreaterThanOrEqual(reports[i - 1]!.bytesRead);
    }
  });

  it('keeps only the first 20 rows for the preview', async () => {
    const lines = ['Age,Sex,BP,Cholesterol,Na_to_K', ...Array(50).fill('40,F,HIGH,HIGH,12')];
    const { preview } = await score(fileOf(lines.join('\n')));
    expect(preview).toHaveLength(20);
  });

  describe('refuses an unusable file with a specific message', () => {
    it('an empty file', async () => {
      const error = await fileError(fixtureFile('empty.csv'));
      expect(error.message).toMatch(/^"empty\.csv" is empty: a CSV file needs a header line/);
      expect(error.message).toContain('Age, Sex, BP, Cholesterol, Na_to_K');
    });

    it('a file of only a BOM and line breaks', async () => {
      const error = await fileError(fileOf('\uFEFF\r\n\r\n', 'blank.csv'));
      expect(error.message).toMatch(/^"blank\.csv" is empty/);
    });

    it('a header with no data rows, trailing empty lines or not', async () => {
      for (const file of [
        fixtureFile('header-only.csv'),
        fileOf('Age,Sex,BP,Cholesterol,Na_to_K\n\n\n', 'header-only.csv'),
      ]) {
        const error = await fileError(file);
        expect(error.message).toBe(
          '"header-only.csv" has a header but no data rows: there is nothing to score.',
        );
      }
    });

    it('a missing column, suggesting the close match', async () => {
      const error = await fileError(fixtureFile('missing-column.csv'));
      expect(error.message).toContain(
        'Missing column "Na_to_K": the file has "Na_to_k" — rename it to "Na_to_K"',
      );
    });

    it('duplicate columns', async () => {
      const error = await fileError(fixtureFile('duplicate-columns.csv'));
      expect(error.message).toContain('The header has 2 columns named "Age" (columns 1, 4)');
    });

    it('a binary file', async () => {
      const error = await fileError(
        new File([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])], 'data.xlsx'),
      );
      expect(error.message).toContain('"data.xlsx" is not a CSV file');
    });
  });

  it('fails the batch, typed, when the model fails', async () => {
    const failing: RunColumns = async () => {
      throw new FormcastError(ErrorCode.InferenceFailed, 'The model failed to run: boom');
    };
    await expect(score(fixtureFile('drug-mixed.csv'), { run: failing })).rejects.toMatchObject({
      code: ErrorCode.InferenceFailed,
    });
  });
});
