// Where CSV rows end: LF, CR or CRLF per row outside quoted fields, and a quoting mistake that
// stays in its own row (issue 14, failure 3).
import { describe, expect, it } from 'vitest';
import { type CsvBlock, readCsv } from '../../src/batch/read-csv';
import { NEVER_CLOSED, RowSplitter, TEXT_AFTER_QUOTE } from '../../src/batch/split-rows';
import { fileOf } from '../fixtures/models';
import { HEADER, ROWS } from '../drug-sample-rows';

async function readAll(text: string, chunkBytes?: number) {
  const blocks: CsvBlock[] = [];
  for await (const block of readCsv(fileOf(text), { chunkBytes })) blocks.push(block);
  const problems: [number, string][] = [];
  let offset = 0;
  for (const block of blocks) {
    for (const [i, message] of block.problems) problems.push([offset + i, message]);
    offset += block.records.length;
  }
  return { records: blocks.flatMap((b) => b.records), problems, reads: blocks.length };
}

/** The same records at every read size, including 1 byte (every CRLF and character split). */
async function readEverySize(text: string) {
  const whole = await readAll(text);
  for (const chunkBytes of [1, 2, 3, 5, 8, 13, 64]) {
    const chunked = await readAll(text, chunkBytes);
    expect(chunked.records, `reads of ${chunkBytes} bytes`).toEqual(whole.records);
    expect(chunked.problems, `reads of ${chunkBytes} bytes`).toEqual(whole.problems);
  }
  return whole;
}

const fields = (row: string) => row.split(',');

describe('rows end at LF, CR or CRLF, each row its own', () => {
  it('reads 6 rows ending in LF, CR and CRLF as 6 rows (was 4, "row has 11 fields")', async () => {
    const ends = ['\n', '\r', '\r\n', '\n', '\r', '\r\n'];
    const text = `${HEADER}\n${ROWS.map((r, i) => r + ends[i]).join('')}`;
    const { records, problems } = await readEverySize(text);
    expect(records).toEqual([fields(HEADER), ...ROWS.map(fields)]);
    expect(problems).toEqual([]);
  });

  it('reads LF rows then CR rows in order (was 2 of 4, a cell "29.710\\r3")', async () => {
    const text = `${HEADER}\n${ROWS[0]}\n${ROWS[1]}\n${ROWS[5]}\r${ROWS[2]}\r`;
    const { records } = await readEverySize(text);
    expect(records.map((r) => r[0])).toEqual(['id', '1', '2', '6', '3']);
    expect(records.flat().some((cell) => /[\r\n]/.test(cell))).toBe(false);
  });

  it.each([
    ['CRLF header, LF rows', '\r\n', '\n'],
    ['CR header, CRLF rows', '\r', '\r\n'],
    ['LF header, CR rows', '\n', '\r'],
  ])('reads a file whatever its first line used: %s', async (_, first, rest) => {
    const text = `${HEADER}${first}${ROWS.join(rest)}${rest}`;
    const { records } = await readEverySize(text);
    expect(records).toEqual([fields(HEADER), ...ROWS.map(fields)]);
  });

  it('keeps CR, LF and CRLF inside quoted fields as data', async () => {
    const text = 'id,note\r\n1,"a\rb"\n2,"c\r\nd"\r3,"e\nf"\r\n4,plain';
    const { records } = await readEverySize(text);
    expect(records).toEqual([
      ['id', 'note'],
      ['1', 'a\rb'],
      ['2', 'c\r\nd'],
      ['3', 'e\nf'],
      ['4', 'plain'],
    ]);
  });

  it('keeps blank lines between rows of any ending as empty rows, not at the end', async () => {
    const { records } = await readEverySize('a,b\r\n1,2\r\r\n\n3,4\r\n\r\n');
    expect(records).toEqual([['a', 'b'], ['1', '2'], [''], [''], ['3', '4'], ['']]);
  });

  it('reads a tab-delimited file with quoted fields, and spaces after a closing quote', async () => {
    const { records, problems } = await readEverySize('a\tb\tc\n"x"\t"y"  \t"z" \r\n1\t2\t3\n');
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y', 'z'],
      ['1', '2', '3'],
    ]);
    expect(problems).toEqual([]);
  });
});

describe('a quoting mistake stays in its own row', () => {
  it('does not let "x"y swallow the next row', async () => {
    const text = `${HEADER}\n${ROWS[0]}\n7,"x"y,F,HIGH,HIGH,10\n${ROWS[1]}\n${ROWS[2]}\n`;
    const { records, problems } = await readEverySize(text);
    expect(records.map((r) => r[0])).toEqual(['id', '1', '7', '2', '3']);
    expect(records[3]).toEqual(fields(ROWS[1]!));
    expect(problems).toEqual([[2, TEXT_AFTER_QUOTE]]);
  });

  it('cuts a bad quoted field at the first line break after its opening quote', async () => {
    // The quote opened in row 7 "closes" two lines later, followed by text: rows 1 and 2 are
    // rows of their own, not part of a field (the quote left in row 2 is text there).
    const text = `${HEADER}\n7,"open,F,HIGH,HIGH,10\r\n${ROWS[0]}\r${ROWS[1]}"x\n${ROWS[2]}\n`;
    const { records, problems } = await readEverySize(text);
    expect(records.map((r) => r[0])).toEqual(['id', '7', '1', '2', '3']);
    expect(records[1]).toEqual(['7', 'open,F,HIGH,HIGH,10']);
    expect(records[3]).toEqual([...fields(ROWS[1]!).slice(0, -1), '13.093"x']);
    expect(problems).toEqual([[1, TEXT_AFTER_QUOTE]]);
  });

  it('reads the rows after a quote that never closes', async () => {
    const text = `${HEADER}\n${ROWS[0]}\n8,"never,F\n${ROWS[1]}\r\n${ROWS[2]}`;
    const { records, problems } = await readEverySize(text);
    expect(records.map((r) => r[0])).toEqual(['id', '1', '8', '2', '3']);
    expect(problems).toEqual([[2, NEVER_CLOSED]]);
  });

  it('treats a quote inside an unquoted field as text, as papaparse does', async () => {
    const { records, problems } = await readEverySize('a,b\n5" screen,1\n"ok",2\n');
    expect(records).toEqual([
      ['a', 'b'],
      ['5" screen', '1'],
      ['ok', '2'],
    ]);
    expect(problems).toEqual([]);
  });
});

describe('well-formed files of every shape read back exactly', () => {
  // A seeded generator: fields with delimiters, quotes, CR, LF and spaces, quoted when they
  // must be (and sometimes when they need not be), rows ending in a random line break.
  function randomFile(seed: number) {
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const pieces = ['a', 'b', '7', ' ', ',', '"', '\r', '\n', '\r\n', 'é', '☕', '𝄞'];
    const rows: string[][] = [];
    let text = '';
    for (let r = 0; r < 40; r++) {
      const row = Array.from({ length: 3 }, () =>
        Array.from({ length: Math.floor(random() * 5) }, () => pick(pieces)).join(''),
      );
      // A row of one empty field is a blank line; keep rows distinguishable from those.
      if (row.every((f) => f.length === 0)) row[0] = 'x';
      rows.push(row);
      const cells = row.map((f) =>
        /[",\r\n]|^[ ]|[ ]$/.test(f) || random() < 0.2 ? `"${f.replaceAll('"', '""')}"` : f,
      );
      text += cells.join(',') + (r < 39 || random() < 0.5 ? pick(['\n', '\r', '\r\n']) : '');
    }
    return { rows, text: `h1,h2,h3\n${text}` };
  }

  it.each([1, 2, 3, 4, 5, 6])('random file %d', async (seed) => {
    const { rows, text } = randomFile(seed);
    const { records, problems } = await readEverySize(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([['h1', 'h2', 'h3'], ...rows]);
  });
});

describe('RowSplitter', () => {
  it('leaves an unfinished row, and a CR that may start a CRLF, for the next piece', () => {
    const splitter = new RowSplitter(',');
    expect(splitter.split('a,b\n1,2\r', false)).toEqual({
      records: [['a', 'b']],
      problems: new Map(),
      rest: '1,2\r',
    });
    expect(splitter.split('a,"b\n1', false).rest).toBe('a,"b\n1');
    expect(splitter.split('a,"b""', false).rest).toBe('a,"b""');
    expect(splitter.split('\r', false).rest).toBe('\r');
  });

  it('grows its reads through a 2 MB quoted field instead of rescanning it per read', async () => {
    const big = 'x'.repeat(2_000_000);
    const { records, reads } = await readAll(`id,note\n1,"${big}"\n2,short\n`, 4096);
    expect(records).toEqual([
      ['id', 'note'],
      ['1', big],
      ['2', 'short'],
    ]);
    // Fixed 4 KiB reads would take 489 reads, each rescanning the field so far.
    expect(reads).toBeLessThan(20);
  });
});
