import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/batch/batch-types';
import { rowsEnd, rowsEndBeforeQuote } from '../../src/batch/row-ends';
import { scoreCsv } from '../../src/batch/score-csv';
import { type PartScorer, type ScorerLane, scoreInParts } from '../../src/batch/score-in-parts';
import { createPartScorer } from '../../src/batch/score-part';
import { type LoadedTestModel, fileOf, loadModel } from '../fixtures/models';

const fixtures = new URL('../fixtures/', import.meta.url);

/** Every batch fixture that scores, and the model it is for. */
const FIXTURES = [
  { path: 'csv/drug-mixed.csv', model: 'drug' },
  { path: 'csv/drug-semicolon.csv', model: 'drug' },
  { path: 'scored/drug-cells.csv', model: 'drug' },
  { path: 'scored/hr-cells.csv', model: 'hr' },
  { path: 'scored/house-cells.csv', model: 'house' },
];

/** `count` in-thread workers, each with its own scorer (and memory of values), and their parts. */
function lanes(model: LoadedTestModel, count: number) {
  const dealt: number[] = Array(count).fill(0);
  const all: ScorerLane[] = dealt.map((_, i) => {
    const scorer = createPartScorer(model.manifest, model.runColumns);
    const counted: PartScorer = {
      inspectCsv: (head, source) => scorer.inspectCsv(head, source),
      scoreCsvPart: (part, layout, source) => {
        dealt[i]!++;
        return scorer.scoreCsvPart(part, layout, source);
      },
    };
    return { ready: Promise.resolve(), scorer: counted };
  });
  return { lanes: all, dealt };
}

async function scoreWith(
  model: LoadedTestModel,
  file: File,
  workers: number,
  partBytes?: number,
): Promise<{ text: string; result: BatchResult; dealt: number[] }> {
  const pool = lanes(model, workers);
  const result = await scoreInParts({ file, fileName: file.name }, pool.lanes, { partBytes });
  return { text: await result.output.text(), result, dealt: pool.dealt };
}

/** The summary without its timing, which differs from run to run. */
function summaryOf(result: BatchResult) {
  const { elapsedMs, ...rest } = result.summary;
  expect(elapsedMs).toBeGreaterThanOrEqual(0);
  return rest;
}

describe('scoring in parts over several workers', () => {
  it.each(FIXTURES)(
    '$path: three workers give the single worker’s bytes, wherever the parts end',
    { timeout: 30_000 },
    async ({ path, model: id }) => {
      const model = await loadModel(id);
      const bytes = readFileSync(new URL(path, fixtures));
      const file = new File([bytes], path.split('/').pop()!, { type: 'text/csv' });
      const single = await scoreCsv(file, model.manifest, model.runColumns);
      const expected = await single.output.text();
      // Part sizes from a byte (each part grows to one whole row) to more than the file.
      const sizes = [1, 5, 34, 89, 377, bytes.length + 1];
      for (const partBytes of sizes) {
        const parallel = await scoreWith(model, file, 3, partBytes);
        expect(parallel.text, `parts of ${partBytes} bytes`).toBe(expected);
        expect(summaryOf(parallel.result)).toEqual(summaryOf(single));
        expect(parallel.result.preview).toEqual(single.preview);
      }
    },
  );

  it(
    'keeps a quoted field with line breaks whole when a part would end inside it',
    {
      timeout: 30_000,
    },
    async () => {
      const model = await loadModel('drug');
      const header = 'id,notes,Age,Sex,BP,Cholesterol,Na_to_K\r\n';
      const rows = Array.from(
        { length: 40 },
        (_, i) => `${i},"row ${i}",${20 + i},F,HIGH,HIGH,${10 + (i % 20)}\r\n`,
      );
      // Row 17's note holds every kind of line break, and straddles many part ends below.
      rows[17] = `17,"a note\nover\r\nfour\rlines, ""quoted""",37,M,LOW,HIGH,12\r\n`;
      const text = header + rows.join('');
      const file = fileOf(text, 'notes.csv');
      const single = await scoreCsv(file, model.manifest, model.runColumns);
      const expected = await single.output.text();
      expect(single.summary).toMatchObject({ rows: 40, scored: 40 });
      expect(expected).toContain('17,"a note\nover\r\nfour\rlines, ""quoted""",37,M,LOW,HIGH,12,');
      const start = text.indexOf('17,"a note');
      for (let partBytes = 40; partBytes <= 120; partBytes += 7) {
        const { text: out, dealt } = await scoreWith(model, file, 2, partBytes);
        expect(out, `parts of ${partBytes} bytes`).toBe(expected);
        expect(dealt[0]! + dealt[1]!).toBeGreaterThan(4);
      }
      // A part's bytes end inside the field whatever the reads: from the field's start, and later.
      for (const offset of [start - 50, start - 3, start + 5]) {
        const { text: out } = await scoreWith(model, file, 2, offset - header.length + 10);
        expect(out).toBe(expected);
      }
    },
  );

  it('scores a file smaller than one part in one worker, the others idle', async () => {
    const model = await loadModel('drug');
    const file = fileOf('Age,Sex,BP,Cholesterol,Na_to_K\n47,F,HIGH,HIGH,14\n23,M,LOW,HIGH,25\n');
    const { text, dealt, result } = await scoreWith(model, file, 3);
    expect(dealt.toSorted()).toEqual([0, 0, 1]);
    expect(result.summary).toMatchObject({ rows: 2, scored: 2 });
    expect(text).toBe(await (await scoreCsv(file, model.manifest, model.runColumns)).output.text());
  });

  it('keeps every error row in its place, in every part, and counts from the first', async () => {
    const model = await loadModel('drug');
    const lines = ['Age,Sex,BP,Cholesterol,Na_to_K'];
    const bad = new Map<number, string>();
    for (let i = 0; i < 600; i++) {
      if (i % 37 === 5) {
        lines.push(`abc,F,HIGH,HIGH,${i % 30}`);
        bad.set(i, 'Age: "abc" is not a number');
      } else if (i % 53 === 11) {
        lines.push('');
        bad.set(i, 'row is empty');
      } else lines.push(`${20 + (i % 50)},M,LOW,HIGH,${i % 30}`);
    }
    const file = fileOf(`${lines.join('\n')}\n\n\n`);
    const { text, dealt, result } = await scoreWith(model, file, 3, 400);
    expect(dealt.every((n) => n > 3)).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(0, -2), { newline: '\r\n' }).data.slice(1);
    expect(rows).toHaveLength(600); // the blank lines at the end are not rows
    rows.forEach((row, i) => expect([i, row.at(-1)]).toEqual([i, bad.get(i) ?? '']));
    expect(result.summary.failed).toBe(bad.size);
    expect(result.summary.errors.find((e) => e.reason === 'Age: not a number')).toMatchObject({
      count: [...bad.values()].filter((m) => m.startsWith('Age')).length,
      firstRow: 6,
    });
    expect(result.summary.errors.find((e) => e.reason === 'row is empty')?.firstRow).toBe(12);
  });

  it('reports the earliest problem in the file, whichever worker meets one first', async () => {
    const model = await loadModel('drug');
    const good = '47,F,HIGH,HIGH,14\n'.repeat(200);
    const latin1 = Uint8Array.from([...Buffer.from(`Age,Sex,BP,Cholesterol,Na_to_K\n${good}`)]);
    const bytes = new Uint8Array([...latin1, ...Buffer.from('47,F,HIGH,HIGH,1'), 0xe9, 10]);
    await expect(scoreWith(model, fileOf(bytes, 'latin1.csv'), 3, 512)).rejects.toMatchObject({
      code: 'CSV_INVALID',
      message: expect.stringContaining('line 202'),
    });
  });
});

describe('where a part of a file ends', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('after the last line break, from the bytes, when no quote comes first', () => {
    const b = bytes('a,b\nc,d\re,f\r\ng,h');
    expect(rowsEndBeforeQuote(b, b.length, false)).toBe(13);
    expect(rowsEndBeforeQuote(b, b.length, true)).toBe(b.length);
    // A CR at the end may be half of a CRLF: the row ends before it is decided.
    const cr = bytes('a,b\nc,d\r');
    expect(rowsEndBeforeQuote(cr, cr.length, false)).toBe(4);
    expect(rowsEndBeforeQuote(cr, cr.length, true)).toBe(cr.length);
  });

  it('before the first quote, or not from the bytes alone', () => {
    const b = bytes('a,b\nc,"d\ne",f\ng,h\n');
    expect(rowsEndBeforeQuote(b, b.length, false)).toBe(4);
    const early = bytes('"a\nb",c\nd,e\n');
    expect(rowsEndBeforeQuote(early, early.length, false)).toBe(-1);
    expect(rowsEnd(early, early.length, false, ',')).toBe(early.length);
    const open = bytes('"a\nb",c\nd,"e\n');
    expect(rowsEnd(open, open.length, false, ',')).toBe(8);
  });

  it('in bytes, not characters, past multi-byte text', () => {
    const b = bytes('"Zoë ☕\n",1\n"é",2\n"x');
    expect(rowsEnd(b, b.length, false, ',')).toBe(bytes('"Zoë ☕\n",1\n"é",2\n').length);
  });
});
