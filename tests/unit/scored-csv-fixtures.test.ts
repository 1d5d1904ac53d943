// The scored CSV as the browser writes it, kept as files that Python's `formcast score` must
// reproduce byte for byte (python/tests/test_score_file.py reads the same files). The browser
// is the reference: regenerate with FORMCAST_UPDATE_FIXTURES=1 after an intended format change,
// then make the Python side match again.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreCsv } from '../../src/batch/score-csv';
import { RowSplitter } from '../../src/batch/split-rows';
import { formatFloat, formatFloat32 } from '../../src/csv/write-csv';
import { loadModel } from '../fixtures/models';

const fixtures = new URL('../fixtures/', import.meta.url);

const CASES = [
  { input: 'scored/drug-cells.csv', model: 'drug', rows: 33 },
  { input: 'scored/hr-cells.csv', model: 'hr', rows: 20 },
  { input: 'scored/house-cells.csv', model: 'house', rows: 22 },
  { input: 'csv/drug-semicolon.csv', model: 'drug', rows: 5 },
  // Malformed rows (field counts, quotes, blank lines, bad values) keep their place and say why.
  { input: 'scored/drug-malformed.csv', model: 'drug', rows: 19 },
  { input: 'scored/drug-malformed-crlf.csv', model: 'drug', rows: 12 },
  // Quotes that DuckDB reads otherwise than the browser (a quote after a space opens no field).
  { input: 'scored/drug-quotes.csv', model: 'drug', rows: 5 },
];

describe('scored CSV shared with the Python scorer', () => {
  it.each(CASES)(
    '$input scored with $model matches its .scored.csv',
    async ({ input, model, rows }) => {
      const { manifest, runColumns } = await loadModel(model);
      const name = input.split('/').pop()!;
      const file = new File([readFileSync(new URL(input, fixtures))], name, { type: 'text/csv' });
      const result = await scoreCsv(file, manifest, runColumns);
      const text = await result.output.text();
      const expected = new URL(`scored/${name.replace(/\.csv$/, '.scored.csv')}`, fixtures);
      if (process.env.FORMCAST_UPDATE_FIXTURES) writeFileSync(expected, text);
      expect(text).toBe(readFileSync(expected, 'utf8'));
      expect(result.summary.rows).toBe(rows);
    },
  );
});

describe('number writing shared with the Python scorer', () => {
  it('formatFloat32, formatFloat and String() agree with number-formats.json', () => {
    // A fixed pseudo-random spread (xorshift) over float32 probabilities, prices and tiny values,
    // plus the edges where JavaScript switches notation.
    let seed = 88172645;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const edges = [0, 1, 0.5, 1e-7, 1e-6, 1e21, 1e20, 123e-9, 3.4028234663852886e38, 2 ** 53 + 2];
    const values = [...edges];
    for (let i = 0; i < 400; i++) values.push(next(), next() * 1e6, next() * 1e-5, -next() * 1e9);
    const table = values.map((x) => [x, formatFloat32(x), formatFloat(x), String(x)]);
    const path = new URL('scored/number-formats.json', fixtures);
    if (process.env.FORMCAST_UPDATE_FIXTURES) writeFileSync(path, `${JSON.stringify(table)}\n`);
    expect(table).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });
});

describe('CSV rows shared with the Python scorer', () => {
  it('RowSplitter agrees with csv-records.json on awkward texts', () => {
    // Texts built from the pieces that make CSV hard (quotes, doubled quotes, delimiters, every
    // line end, blanks, multi-byte characters), by a fixed xorshift. python/tests/test_csv_rows.py
    // reads each text with formcast score's reader and expects these records and problems.
    let seed = 2463534242;
    const next = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const pieces = [
      '"',
      '""',
      ',',
      ';',
      '\r',
      '\n',
      '\r\n',
      ' ',
      '\t',
      'a',
      'é',
      '☕',
      '1.5',
      'x y',
    ];
    const cases = [];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + next(40) }, () => pieces[next(pieces.length)]).join('');
      const delimiter = i % 3 === 2 ? ';' : ',';
      const { records, problems } = new RowSplitter(delimiter).split(text, true);
      cases.push({
        text,
        delimiter,
        records: records.map((fields, r) => [fields, problems.get(r) ?? null]),
      });
    }
    const path = new URL('scored/csv-records.json', fixtures);
    if (process.env.FORMCAST_UPDATE_FIXTURES) writeFileSync(path, `${JSON.stringify(cases)}\n`);
    expect(cases).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });
});
