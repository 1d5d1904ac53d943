import { describe, expect, it } from 'vitest';
import { type CsvBlock, readCsv } from '../../src/batch/read-csv';
import { ErrorCode, FormcastError } from '../../src/errors';
import { fileOf } from '../fixtures/models';

const encoder = new TextEncoder();

/** Every record of the file and the reads' byte counts, as readCsv streams them. */
async function readAll(file: Blob, chunkBytes?: number) {
  const blocks: CsvBlock[] = [];
  const fileName = file instanceof File ? file.name : undefined;
  for await (const block of readCsv(file, { fileName, chunkBytes })) blocks.push(block);
  const problems: [number, string][] = [];
  let offset = 0;
  for (const block of blocks) {
    for (const [i, message] of block.problems) problems.push([offset + i, message]);
    offset += block.records.length;
  }
  return {
    records: blocks.flatMap((b) => b.records),
    problems,
    bytesRead: blocks.map((b) => b.bytesRead),
    delimiter: blocks[0]?.delimiter,
  };
}

async function readError(file: Blob): Promise<FormcastError> {
  try {
    await readAll(file);
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    expect((error as FormcastError).code).toBe(ErrorCode.CsvInvalid);
    return error as FormcastError;
  }
  throw new Error('readCsv accepted the file');
}

const SIMPLE = 'Age,Sex\n23,F\n47,M\n';

describe('readCsv', () => {
  it('reads records in order, the header first', async () => {
    const { records, delimiter } = await readAll(fileOf(SIMPLE));
    expect(delimiter).toBe(',');
    // The final line break ends the last row; it does not start an empty one.
    expect(records).toEqual([
      ['Age', 'Sex'],
      ['23', 'F'],
      ['47', 'M'],
    ]);
  });

  it('removes a UTF-8 byte order mark so the first column keeps its name', async () => {
    const { records } = await readAll(fileOf(`\uFEFF${SIMPLE}`));
    expect(records[0]).toEqual(['Age', 'Sex']);
  });

  it('splits CRLF lines without leaving \\r in the last field', async () => {
    const { records } = await readAll(fileOf('Age,Sex\r\n23,F\r\n47,M\r\n'));
    expect(records.slice(0, 3)).toEqual([
      ['Age', 'Sex'],
      ['23', 'F'],
      ['47', 'M'],
    ]);
  });

  it('splits old Mac CR-only lines', async () => {
    for (const chunkBytes of [undefined, 1, 4]) {
      const { records } = await readAll(fileOf('Age,Sex\r23,F\r47,M'), chunkBytes);
      expect(records, `chunks of ${chunkBytes ?? 'default'}`).toEqual([
        ['Age', 'Sex'],
        ['23', 'F'],
        ['47', 'M'],
      ]);
    }
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', async () => {
    const { records } = await readAll(fileOf('a,b\n"x, y","say ""hi""\nthere"\n'));
    expect(records[1]).toEqual(['x, y', 'say "hi"\nthere']);
  });

  it('detects ; as the delimiter and leaves decimal commas alone', async () => {
    const { records, delimiter } = await readAll(fileOf('Age;Na_to_K\n23;14,5\n'));
    expect(delimiter).toBe(';');
    expect(records[1]).toEqual(['23', '14,5']);
  });

  it('detects a tab as the delimiter', async () => {
    const { delimiter, records } = await readAll(fileOf('Age\tSex\n23\tF\n'));
    expect(delimiter).toBe('\t');
    expect(records[1]).toEqual(['23', 'F']);
  });

  it('keeps a blank line in the middle as a record of one empty field', async () => {
    const { records } = await readAll(fileOf('a,b\n1,2\n\n3,4\n\n'));
    expect(records).toEqual([['a', 'b'], ['1', '2'], [''], ['3', '4'], ['']]);
  });

  it('gives the same records whatever the read size, even mid-character and mid-CRLF', async () => {
    const text = '\uFEFFid,note,Age\r\n1,"Zoë ☕, ""q""\r\nline",23\r\n2,naïve 𝄞,47\r\n3,,\r\n';
    const whole = await readAll(fileOf(text));
    for (const chunkBytes of [1, 2, 3, 5, 7, 16, 64]) {
      const chunked = await readAll(fileOf(text), chunkBytes);
      expect(chunked.records, `chunks of ${chunkBytes} bytes`).toEqual(whole.records);
    }
    expect(whole.records[1]).toEqual(['1', 'Zoë ☕, "q"\r\nline', '23']);
    expect(whole.records[2]).toEqual(['2', 'naïve 𝄞', '47']);
  });

  it('reports bytes read as it goes, ending at the file size', async () => {
    const file = fileOf(`${'Age,Sex\n'}${'23,F\n'.repeat(100)}`);
    const { bytesRead } = await readAll(file, 100);
    expect(bytesRead.length).toBe(Math.ceil(file.size / 100));
    expect(bytesRead.at(-1)).toBe(file.size);
    expect([...bytesRead].sort((a, b) => a - b)).toEqual(bytesRead);
  });

  it('marks a record whose quoted field never closes, and reads the rows after it', async () => {
    const { problems, records } = await readAll(fileOf('a,b\n1,2\n3,"open\n4,5\n'));
    expect(records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', 'open'],
      ['4', '5'],
    ]);
    expect(problems).toEqual([[2, 'a quoted field is never closed']]);
  });

  it('marks a record with text after a closing quote', async () => {
    const { problems, records } = await readAll(fileOf('a,b,c\n1,"x"y","z"\n3,4,5\n'));
    expect(records[1]).toEqual(['1', 'x"y', 'z']);
    expect(records[2]).toEqual(['3', '4', '5']);
    expect(problems).toEqual([[1, 'a quoted field has text after its closing quote']]);
  });

  it('yields nothing for an empty file', async () => {
    expect((await readAll(fileOf(''))).records).toEqual([]);
  });

  it('refuses a binary file, naming it', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const error = await readError(new File([png], 'photo.png'));
    expect(error.message).toBe(
      '"photo.png" is not a CSV file: it contains binary data. Export the data as CSV (UTF-8) and try again.',
    );
  });

  it('refuses UTF-16 text with the way out', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x41, 0, 0x67, 0, 0x65, 0]);
    const error = await readError(new File([utf16], 'excel.csv'));
    expect(error.message).toContain('"excel.csv" is UTF-16 text');
    expect(error.message).toContain('CSV UTF-8');
  });

  it('refuses bytes that are not UTF-8 (a Latin-1 file), saying where', async () => {
    const latin1 = new Uint8Array([
      ...encoder.encode('name,Age\nZo'),
      0xeb,
      ...encoder.encode(',23\n'),
    ]);
    const error = await readError(new File([latin1], 'latin1.csv'));
    expect(error.message).toBe(
      '"latin1.csv" is not UTF-8 text: byte 11 (0xEB) on line 2, after "Zo", is not valid UTF-8. It may have been saved as Latin-1 or Windows-1252: save it as "CSV UTF-8" and try again.',
    );
  });

  it('names the first bad byte far into a file, whatever the read size', async () => {
    // Valid multi-byte characters before it, some split between reads.
    const lines = Array.from({ length: 300 }, (_, i) => `${i},Zoë ☕ 𝄞\r\n`).join('');
    const head = encoder.encode(`id,name\r\n${lines}301,Jos`);
    const bytes = new Uint8Array([...head, 0xe9, ...encoder.encode(',x\r\n')]);
    for (const chunkBytes of [7, 64, 4096]) {
      await expect(readAll(new File([bytes], 'w.csv'), chunkBytes)).rejects.toThrow(
        `"w.csv" is not UTF-8 text: byte ${head.length.toLocaleString('en')} (0xE9) on line 302, after "301,Jos", is not valid UTF-8.`,
      );
    }
  });

  it('names a character cut short at the very end of the file', async () => {
    const bytes = new Uint8Array([...encoder.encode('a\nb'), 0xe2, 0x98]);
    await expect(readAll(new File([bytes], 'cut.csv'))).rejects.toThrow(
      'byte 3 (0xE2) on line 2, after "b", is not valid UTF-8',
    );
  });
});
