import { csvLine, predictionColumns } from '../csv/write-csv';
import { ErrorCode, FormcastError } from '../errors';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { createRunQueue } from '../runtime/run-queue';
import { yieldToEvents } from '../runtime/yield-to-events';
import type { RunColumns } from '../runtime/run-rows';
import { BatchTally } from './batch-summary';
import type { CsvLayout, PartResult } from './batch-types';
import { mapHeader } from './map-header';
import { assertText, notUtf8, quoteName, readCsv, sniffDelimiter } from './read-csv';
import { QuotedScan } from './row-scan';
import type { CsvSource, PartScorer, SourcePart } from './score-in-parts';
import { OutputBytes, previewColumns, ScoredOutput, SuffixCache } from './scored-output';
import { RowSplitter } from './split-rows';
import { isPlain, type PartContext, scorePlainRows } from './plain-rows';
import {
  createFieldChecker,
  createRowsValidator,
  EMPTY_ROW,
  type FieldChecker,
  type RowsValidator,
} from './validate-columns';

/** Enough of the file's start to find the delimiter in. */
const SNIFF_CHARS = 64 * 1024;
/** Text a part is split into blocks of: each block's rows are validated and run together. */
const BLOCK_BYTES = 256 * 1024;

export interface PartScorerOptions {
  /** False: every part the general way, for tests that compare the two ways. */
  readonly plainRows?: boolean;
}

const QUOTE = 0x22;

/** What a worker keeps from one part of a batch to the next. */
interface BatchState {
  readonly id: string;
  readonly check: FieldChecker;
  readonly validate: RowsValidator;
  readonly suffixes: SuffixCache;
}

/**
 * The scoring side of a batch, for one worker and one model: reads the file's header
 * (inspectCsv) and scores parts of the file (scoreCsvPart), each a run of whole rows, block by
 * block: parse → validate by column → model runs → output lines. What it learns about the
 * values of a batch (validated values, written predictions) it keeps for the batch's next part.
 */
export function createPartScorer(
  manifest: ModelManifest,
  run: RunColumns,
  options: PartScorerOptions = {},
): PartScorer {
  let state: BatchState | undefined;
  let batches = 0;
  const out = new OutputBytes();
  // A worker holds a second part while it scores one, so that it never waits for the page; it
  // scores them one after the other (interleaving them would only hold more rows in memory).
  const oneAtATime = createRunQueue();

  function stateFor(layout: CsvLayout): BatchState {
    if (state?.id !== layout.batchId) {
      const check = createFieldChecker(manifest.inputs, {
        decimalComma: layout.delimiter === ';',
      });
      state = {
        id: layout.batchId,
        check,
        validate: createRowsValidator(manifest.inputs, layout.header, check),
        suffixes: new SuffixCache(),
      };
    }
    return state;
  }

  return {
    async inspectCsv(head, source) {
      const layout = await inspect(manifest, head, source);
      return layout && { ...layout, batchId: `${Date.now()}-${batches++}-${Math.random()}` };
    },

    scoreCsvPart(part, layout, source) {
      return oneAtATime(() => scorePart(part, layout, source));
    },
  };

  async function scorePart(
    part: SourcePart,
    layout: CsvLayout,
    source: CsvSource,
  ): Promise<PartResult> {
    const { check, validate, suffixes } = stateFor(layout);
    out.clear(); // what a failed part left
    const formulas = source.formulas ?? 'escape';
    const output = new ScoredOutput(manifest, layout.header, formulas, suffixes);
    const tally = new BatchTally(layout.classes);
    const bytes = part.bytes.subarray(0, part.length);
    const context: PartContext = {
      specs: manifest.inputs,
      header: layout.header,
      check,
      validate,
      formulas,
      output,
      bytes: out,
      tally,
      run,
      blankLine: layout.blankRow.line,
    };
    const text =
      options.plainRows === false ? undefined : await plainText(bytes, layout, source, part);
    const blankLines = text
      ? await scorePlainRows(text, bytes, context)
      : await scoreRows(bytes, layout, source, part, context);
    return {
      output: out.takeBlob(),
      trailingBlankLines: blankLines,
      preview: output.preview,
      tally: tally.state(),
    };
  }
}

/**
 * The part's text when it can take the plain way (see plain-rows.ts), else undefined. Decoding
 * checks the bytes are UTF-8 too, and names the first bad one.
 */
async function plainText(
  bytes: Uint8Array,
  layout: CsvLayout,
  source: CsvSource,
  part: SourcePart,
): Promise<string | undefined> {
  if (layout.delimiter !== ',' || layout.header.keep !== null || bytes.includes(QUOTE)) {
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw await notUtf8(
      source.file,
      part.offset,
      part.offset + bytes.length,
      source.fileName,
      error,
    );
  }
  return isPlain(text, bytes, layout.delimiter, layout.header.keep) ? text : undefined;
}

/**
 * The general way through a part: papaparse's records (through the row splitter) in blocks,
 * validated by column, run, and written line by line. Returns the blank lines at the end.
 */
async function scoreRows(
  bytes: Uint8Array,
  layout: CsvLayout,
  source: CsvSource,
  part: SourcePart,
  { validate, output, bytes: out, tally, run }: PartContext,
): Promise<number> {
  // Blank lines are rows only when data follows: trailing ones may be the file's end.
  let blankLines = 0;
  for await (const block of readCsv(bytes, {
    fileName: source.fileName,
    chunkBytes: BLOCK_BYTES,
    delimiter: layout.delimiter,
    origin: { file: source.file, offset: part.offset },
  })) {
    // The block's data rows, and how many blank lines come before each.
    const rows: string[][] = [];
    const blanksBefore: number[] = [];
    const problems: (string | undefined)[] = [];
    block.records.forEach((fields, i) => {
      const problem = block.problems.get(i);
      if (problem === undefined && fields.length === 1 && fields[0]!.trim() === '') {
        blankLines++;
        return;
      }
      rows.push(fields);
      blanksBefore.push(blankLines);
      problems.push(problem);
      blankLines = 0;
    });
    const check = validate(rows, (row) => problems[row]);
    const { labels, scores, width } = await run(check.columns);
    output.plain = block.plain;
    for (let row = 0; row < rows.length; row++) {
      for (let blank = blanksBefore[row]!; blank > 0; blank--) {
        output.failed([''], EMPTY_ROW.message);
        tally.failed([EMPTY_ROW]);
      }
      const slot = check.slots[row]!;
      if (slot !== -1) {
        const label = labels ? labels[slot]! : null;
        output.scored(rows[row]!, label, scores, slot * width, width);
        if (label === null) tally.scoredValue(scores[slot]!);
        else tally.scored(label);
      } else {
        const issues = check.issues.get(row)!;
        output.failed(rows[row]!, issues.map((issue) => issue.message).join('; '));
        tally.failed(issues);
      }
    }
    out.append(output.takeText());
    // Between blocks, the worker answers the page's liveness pings (see client/worker-bridge).
    await yieldToEvents();
  }
  return blankLines;
}

/**
 * The layout of a file from its first bytes: the delimiter (guessed from the first lines), the
 * header (the first row that is not blank) mapped onto the model's inputs, and the byte where
 * data rows start. Null when the header does not end within `head`.
 */
async function inspect(
  manifest: ModelManifest,
  head: SourcePart,
  source: CsvSource,
): Promise<Omit<CsvLayout, 'batchId'> | null> {
  const bytes = head.bytes.subarray(0, head.length);
  assertText(bytes, source.fileName);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !head.final });
  } catch (error) {
    throw await notUtf8(source.file, 0, head.length, source.fileName, error);
  }
  // Wait for a whole first line (and, after a \r, the next character, which tells CRLF from CR)
  // before guessing the delimiter from it.
  if (!head.final && !/\n|\r[^]/.test(text) && text.length < SNIFF_CHARS) return null;
  const delimiter = sniffDelimiter(text.slice(0, SNIFF_CHARS));
  const scan = new QuotedScan(text, head.final, delimiter.charCodeAt(0));
  const splitter = new RowSplitter(delimiter);
  let position = 0;
  let fields: string[] | undefined;
  while (position < text.length) {
    const row = scan.rowEnd(position);
    if (row === 'incomplete') return null;
    const record = splitter.split(text.slice(position, row.end), true).records[0] ?? [''];
    position = row.end;
    if (record.length !== 1 || record[0]!.trim() !== '') {
      fields = record;
      break;
    }
  }
  if (!fields) {
    if (!head.final) return null;
    throw new FormcastError(
      ErrorCode.CsvInvalid,
      `${quoteName(source.fileName)} is empty: a CSV file needs a header line naming its columns (${manifest.inputs.map((s) => s.name).join(', ')}) and at least one data row.`,
    );
  }
  const header = mapHeader(fields, manifest.inputs, predictionColumns(manifest));
  const formulas = source.formulas ?? 'escape';
  const columns = [...header.columns, ...predictionColumns(manifest)];
  const blank = new ScoredOutput(manifest, header, formulas);
  blank.failed([''], EMPTY_ROW.message);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return {
    delimiter,
    header,
    dataStart: (hasBom ? 3 : 0) + new TextEncoder().encode(text.slice(0, position)).length,
    columns,
    previewColumns: previewColumns(columns, manifest),
    classes: isRegression(manifest) ? null : manifest.outputs.classes,
    headerLine: csvLine(columns, formulas),
    blankRow: { line: blank.takeText(), cells: blank.preview[0]! },
    replacedColumns: header.replaced,
  };
}
