import {
  csvField,
  csvLine,
  formatFloat,
  formatFloat32,
  type FormulaPolicy,
  predictionCells,
  predictionColumns,
} from '../csv/write-csv';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { valueRange } from '../manifest/outputs';
import { nineDigits, writeNineDigits } from '../csv/nine-digits';
import type { HeaderMap } from './map-header';

/** Rows kept for the page's preview table. */
export const PREVIEW_ROWS = 20;
/** Input columns in the preview; the rest are in the file only. */
export const PREVIEW_INPUT_COLUMNS = 20;
/** Characters of a preview cell; the file has the whole value. */
export const PREVIEW_CELL_CHARS = 200;
/** Bytes writeNineDigits may write. */
const NUMBER_ROOM = 17;
/** Distinct prediction cell strings remembered; a tree model has one per leaf. */
const SUFFIX_CACHE_LIMIT = 4096;

/**
 * Builds the rows of a scored CSV: the input's columns as they were, then the shared prediction
 * columns (src/csv/write-csv.ts, so a batch file and a history export line up), each line exactly
 * what `csvLine([...inputs, ...predictionCells(…)])` writes. Per row it does less: the fields of
 * a row that needs no quoting are joined as they are, and the prediction cells are written
 * without arrays (or found among the ones already written, for tree models). The text of a part
 * becomes one Blob, which Chromium keeps outside the worker's heap.
 */
export class ScoredOutput {
  readonly preview: string[][] = [];
  private readonly manifest: ModelManifest;
  /** Fields in the file's rows (its header's width). */
  private readonly width: number;
  /** The file's columns written back, when some are replaced (see mapHeader). */
  private readonly keep: readonly number[] | null;
  private readonly field: (value: string) => string;
  private readonly cells: PredictionText;
  private readonly suffixes: SuffixCache;
  /** A joined row holds something csvField would change: a space at a field's end, a formula. */
  private readonly needsCare: RegExp;
  private text = '';
  /**
   * Whether the rows appended next came from `,`-separated text without a quote: none of their
   * fields can then hold a comma, a quote or a line break, and joining them is almost the line.
   */
  plain = false;

  constructor(
    manifest: ModelManifest,
    header: Pick<HeaderMap, 'width' | 'keep'>,
    formulas: FormulaPolicy,
    suffixes: SuffixCache = new SuffixCache(),
  ) {
    this.manifest = manifest;
    this.width = header.width;
    this.keep = header.keep;
    this.field = (value) => csvField(value, formulas);
    this.cells = new PredictionText(manifest, formulas);
    this.suffixes = suffixes;
    this.needsCare = formulas === 'escape' ? /(?:^|,)[\s=+\-@]|\s(?:,|$)/ : /(?:^|,)\s|\s(?:,|$)/;
  }

  /**
   * Appends a scored row: `scores` holds this row's `width` numbers from `offset` on (its class
   * probabilities, or its value when `label` is null).
   */
  scored(
    fields: readonly string[],
    label: string | null,
    scores: Float32Array,
    offset: number,
    width: number,
  ): void {
    this.append(fields, this.suffix(label, scores, offset, width));
    this.previewScored(fields, label, scores, offset, width);
  }

  /** Appends a row that could not be scored: its values, empty predictions, the message. */
  failed(fields: readonly string[], error: string): void {
    this.append(fields, this.failedSuffix(error));
    this.previewFailed(fields, error);
  }

  /** A scored row's prediction cells, as they end its line (with the line break). */
  suffix(label: string | null, scores: Float32Array, offset: number, width: number): string {
    const key = label ?? '';
    return (
      this.suffixes.get(key, scores, offset, width) ??
      this.suffixes.set(key, scores, offset, width, this.cells.line(label, scores, offset, width))
    );
  }

  /**
   * Appends a scored row's prediction cells to `out`, as `suffix` writes them: found among the
   * ones already written while that pays (tree models), else written there as bytes, with no
   * string per row (boosted models, whose rows almost all answer differently).
   */
  appendSuffix(
    out: OutputBytes,
    label: string | null,
    scores: Float32Array,
    offset: number,
    width: number,
  ): void {
    if (this.suffixes.useless) this.cells.append(out, label, scores, offset, width);
    else out.appendShort(this.suffix(label, scores, offset, width));
  }

  /** A failed row's empty prediction cells and its message, as they end its line. */
  failedSuffix(error: string): string {
    return csvLine(predictionCells(this.manifest, { error }), this.cells.formulas);
  }

  /** A row's input cells as written: `csvField` each, a short row padded, a long one cut. */
  inputText(fields: readonly string[]): string {
    return this.inputs(fields).map(this.field).join(',');
  }

  /** Keeps a scored row for the preview while it has room. */
  previewScored(
    fields: readonly string[],
    label: string | null,
    scores: Float32Array,
    offset: number,
    width: number,
  ): void {
    if (this.preview.length >= PREVIEW_ROWS) return;
    const mine = scores.subarray(offset, offset + width);
    this.keepForPreview(
      fields,
      predictionCells(
        this.manifest,
        label === null ? { value: mine[0]! } : { label, probabilities: mine },
      ),
    );
  }

  /** Keeps a failed row for the preview while it has room. */
  previewFailed(fields: readonly string[], error: string): void {
    if (this.preview.length >= PREVIEW_ROWS) return;
    this.keepForPreview(fields, predictionCells(this.manifest, { error }));
  }

  /** The rows written so far, as text. */
  takeText(): string {
    const text = this.text;
    this.text = '';
    return text;
  }

  private append(fields: readonly string[], suffix: string): void {
    if (this.plain && !this.keep && fields.length === this.width) {
      const joined = fields.join(',');
      if (!this.needsCare.test(joined)) {
        this.text += `${joined},${suffix}`;
        return;
      }
    }
    // csvLine([...inputs, ...cells]), with the cells' part written once per distinct answer.
    this.text += `${this.inputText(fields)},${suffix}`;
  }

  /**
   * A row as the page's preview shows it: at most PREVIEW_INPUT_COLUMNS input cells, each cut to
   * PREVIEW_CELL_CHARS (a 30 MB cell or 10,000 columns would otherwise freeze the page).
   */
  private keepForPreview(fields: readonly string[], cells: readonly string[]): void {
    const shown = [...this.inputs(fields).slice(0, PREVIEW_INPUT_COLUMNS), ...cells];
    this.preview.push(shown.map(previewCell));
  }

  /** A short row is padded and a long one cut to the header: its extra values are in the error. */
  private inputs(fields: readonly string[]): readonly string[] {
    const row = fields.length === this.width ? fields : fitTo(fields, this.width);
    return this.keep ? this.keep.map((i) => row[i]!) : row;
  }
}

/** The preview's header: the output's, with as many input columns as a preview row. */
export function previewColumns(columns: readonly string[], manifest: ModelManifest): string[] {
  const outputs = predictionColumns(manifest);
  const inputs = columns.slice(0, columns.length - outputs.length);
  return [...inputs.slice(0, PREVIEW_INPUT_COLUMNS), ...outputs].map(previewCell);
}

/** A cell as the preview shows it: whole up to PREVIEW_CELL_CHARS, else its start and "…". */
function previewCell(cell: string): string {
  if (cell.length <= PREVIEW_CELL_CHARS) return cell;
  let end = PREVIEW_CELL_CHARS;
  const last = cell.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never half a character
  return `${cell.slice(0, end)}…`;
}

function fitTo(fields: readonly string[], width: number): string[] {
  const cells = fields.slice(0, width);
  while (cells.length < width) cells.push('');
  return cells;
}

/**
 * `csvLine(predictionCells(manifest, answer), formulas)` for a scored row, written without the
 * arrays. A number cell is text that needs no quoting (digits, `.`, `e`, a sign), except that one
 * starting with `-` goes through csvField, which escapes `-Infinity` as a formula.
 */
class PredictionText {
  readonly formulas: FormulaPolicy;
  private readonly manifest: ModelManifest;
  private readonly labels = new Map<string, string>();

  constructor(manifest: ModelManifest, formulas: FormulaPolicy) {
    this.manifest = manifest;
    this.formulas = formulas;
  }

  line(label: string | null, scores: Float32Array, offset: number, width: number): string {
    const { manifest } = this;
    if (isRegression(manifest)) {
      const value = scores[offset]!;
      const range = valueRange(manifest.outputs, value);
      const ends = range
        ? `,${this.number(formatFloat(range.low))},${this.number(formatFloat(range.high))}`
        : '';
      return `${this.number(formatFloat32(value))}${ends},\r\n`;
    }
    let line = this.label(label!);
    for (let k = 0; k < width; k++) line += `,${this.number(formatFloat32(scores[offset + k]!))}`;
    return `${line},\r\n`;
  }

  /** `line(…)` written into `out` (see OutputBytes.appendNumber). */
  append(
    out: OutputBytes,
    label: string | null,
    scores: Float32Array,
    offset: number,
    width: number,
  ): void {
    const { manifest } = this;
    if (isRegression(manifest)) {
      const value = scores[offset]!;
      this.appendNumber(out, Math.fround(value));
      const range = valueRange(manifest.outputs, value);
      if (range) {
        out.appendShort(',');
        this.appendNumber(out, range.low);
        out.appendShort(',');
        this.appendNumber(out, range.high);
      }
      out.appendShort(',\r\n');
      return;
    }
    out.appendShort(this.label(label!));
    for (let k = 0; k < width; k++) {
      out.appendShort(',');
      this.appendNumber(out, Math.fround(scores[offset + k]!));
    }
    out.appendShort(',\r\n');
  }

  /**
   * `number(nineDigits(x))`: the digits written as bytes where nineDigits decides on its fast
   * path (a plain decimal, which csvField leaves as it is even with a `-`), else the text.
   */
  private appendNumber(out: OutputBytes, x: number): void {
    if (!out.appendNineDigits(x)) out.appendShort(this.number(nineDigits(x)));
  }

  private number(text: string): string {
    return text.charCodeAt(0) === 45 ? csvField(text, this.formulas) : text;
  }

  private label(label: string): string {
    let cell = this.labels.get(label);
    if (cell === undefined) {
      cell = csvField(label, this.formulas);
      if (this.labels.size < 1024) this.labels.set(label, cell);
    }
    return cell;
  }
}

interface Cached {
  readonly label: string;
  readonly probabilities: Float32Array;
  readonly suffix: string;
}

/**
 * Formatted prediction cells by (label, probabilities). Keyed by a numeric hash of the floats and
 * checked exactly, so looking up allocates nothing: this runs once per row. A worker keeps one
 * for all the parts of a batch it scores.
 */
export class SuffixCache {
  // Boosted models answer almost every row differently: after this many lookups with under one
  // hit in four, caching only costs, so it stops.
  private static readonly TRIAL = 2048;
  private readonly buckets = new Map<number, Cached[]>();
  private size = 0;
  private lookups = 0;
  private hits = 0;

  /** Whether lookups stopped: this batch's rows almost all answer differently. */
  get useless(): boolean {
    return this.lookups >= SuffixCache.TRIAL && this.hits * 4 < this.lookups;
  }

  get(label: string, scores: Float32Array, offset: number, width: number): string | undefined {
    if (this.useless) return undefined;
    this.lookups++;
    const bucket = this.buckets.get(hash(scores, offset, width));
    if (!bucket) return undefined;
    for (const entry of bucket) {
      if (entry.label === label && sameValues(entry.probabilities, scores, offset)) {
        this.hits++;
        return entry.suffix;
      }
    }
    return undefined;
  }

  set(label: string, scores: Float32Array, offset: number, width: number, suffix: string): string {
    if (this.useless) return suffix;
    if (this.size >= SUFFIX_CACHE_LIMIT) {
      this.buckets.clear();
      this.size = 0;
    }
    const key = hash(scores, offset, width);
    const bucket = this.buckets.get(key) ?? [];
    bucket.push({ label, probabilities: scores.slice(offset, offset + width), suffix });
    this.buckets.set(key, bucket);
    this.size++;
    return suffix;
  }
}

function hash(values: Float32Array, offset: number, width: number): number {
  let h = 0;
  for (let i = offset; i < offset + width; i++) h = h * 31 + values[i]! * 1_000_003;
  return h;
}

function sameValues(known: Float32Array, scores: Float32Array, offset: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== scores[offset + i]) return false;
  return true;
}

/**
 * Collects a part's output as UTF-8 bytes and makes one Blob of them. Encoding the text ourselves
 * (TextEncoder.encodeInto into one growing buffer) and handing the Blob bytes costs ≈ 40 % less
 * than handing it the text, which it converts itself (Chromium, 1M rows: 180–270 ms against
 * 320–480 ms); a Blob per part rather than per block keeps the parts few and large.
 */
export class OutputBytes {
  private static readonly encoder = new TextEncoder();
  private buffer = new Uint8Array(1 << 20);
  private length = 0;

  append(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(text.length * 3);
    this.length += OutputBytes.encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
  }

  /**
   * Appends short text, character by character while it is ASCII (most lines' prediction cells):
   * cheaper than a call into the encoder for a few dozen characters.
   */
  appendShort(text: string): void {
    this.reserve(text.length);
    const { buffer } = this;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return this.append(text);
      buffer[at++] = c;
    }
    this.length = at;
  }

  /** Appends nineDigits(x) and returns true, or false (appending nothing): see writeNineDigits. */
  appendNineDigits(x: number): boolean {
    this.reserve(NUMBER_ROOM);
    const end = writeNineDigits(x, this.buffer, this.length);
    if (end === -1) return false;
    this.length = end;
    return true;
  }

  /** Appends bytes[start, end) (an ASCII line of the input, as it is) and a comma. */
  appendLine(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(end - start + 1);
    const { buffer } = this;
    let at = this.length;
    // A loop, not set(subarray()): lines are short and a view per line costs more than it copies.
    for (let i = start; i < end; i++) buffer[at++] = bytes[i]!;
    buffer[at++] = 0x2c; // ,
    this.length = at;
  }

  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** The bytes appended since the last call, as a Blob (which copies them). */
  takeBlob(): Blob {
    const blob = new Blob([this.buffer.subarray(0, this.length)]);
    this.clear();
    return blob;
  }

  clear(): void {
    this.length = 0;
  }
}
