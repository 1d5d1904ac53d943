import {
  csvField,
  csvLine,
  type FormulaPolicy,
  predictionCells,
  predictionColumns,
} from '../csv/write-csv';
import type { ModelManifest } from '../manifest/manifest-types';
import type { HeaderMap } from './map-header';

/** Rows kept for the page's preview table. */
export const PREVIEW_ROWS = 20;
/** Input columns in the preview; the rest are in the file only. */
export const PREVIEW_INPUT_COLUMNS = 20;
/** Characters of a preview cell; the file has the whole value. */
export const PREVIEW_CELL_CHARS = 200;
/** Distinct prediction cell strings remembered; a tree model has one per leaf. */
const SUFFIX_CACHE_LIMIT = 4096;

/**
 * Builds the scored CSV: the input's columns as they were, then the shared prediction columns
 * (src/csv/write-csv.ts, so a batch file and a history export line up). Text accumulates per
 * block and is then moved into a Blob part, so the worker's heap holds one block at a time and
 * the final Blob is assembled from parts without copying.
 */
export class ScoredOutput {
  readonly columns: readonly string[];
  readonly preview: string[][] = [];
  readonly previewColumns: readonly string[];
  private readonly manifest: ModelManifest;
  /** Fields in the file's rows (its header's width). */
  private readonly width: number;
  /** The file's columns written back, when some are replaced (see mapHeader). */
  private readonly keep: readonly number[] | null;
  private readonly formulas: FormulaPolicy;
  private readonly field: (value: string) => string;
  private readonly parts: Blob[] = [];
  // Tree models give few distinct answers: format each once, since formatting floats is the cost.
  private readonly suffixes = new SuffixCache();
  private text: string;

  constructor(
    manifest: ModelManifest,
    header: Pick<HeaderMap, 'columns' | 'width' | 'keep'>,
    formulas: FormulaPolicy = 'escape',
  ) {
    this.manifest = manifest;
    this.width = header.width;
    this.keep = header.keep;
    this.formulas = formulas;
    this.field = (value) => csvField(value, formulas);
    this.columns = [...header.columns, ...predictionColumns(manifest)];
    this.previewColumns = [
      ...header.columns.slice(0, PREVIEW_INPUT_COLUMNS),
      ...predictionColumns(manifest),
    ].map(previewCell);
    this.text = csvLine(this.columns, formulas);
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
  ) {
    const mine = scores.subarray(offset, offset + width);
    const cells = () =>
      predictionCells(
        this.manifest,
        label === null ? { value: mine[0]! } : { label, probabilities: mine },
      );
    const key = label ?? '';
    const cached = this.suffixes.get(key, mine);
    this.append(
      fields,
      cached ?? this.suffixes.set(key, mine, csvLine(cells(), this.formulas)),
      cells,
    );
  }

  /** Appends a row that could not be scored: its values, empty predictions, the message. */
  failed(fields: readonly string[], error: string): void {
    const cells = predictionCells(this.manifest, { error });
    this.append(fields, csvLine(cells, this.formulas), () => cells);
  }

  /** Moves the text written so far into a Blob part. */
  flush(): void {
    if (this.text) this.parts.push(new Blob([this.text]));
    this.text = '';
  }

  /** The whole file. */
  finish(): Blob {
    this.flush();
    return new Blob(this.parts, { type: 'text/csv;charset=utf-8' });
  }

  private append(fields: readonly string[], suffix: string, cells: () => string[]): void {
    // A short row is padded and a long one cut to the header: its extra values are in the error.
    const row = fields.length === this.width ? fields : fitTo(fields, this.width);
    const inputs = this.keep ? this.keep.map((i) => row[i]!) : row;
    // csvLine([...inputs, ...cells]), with the cells' part formatted once per distinct answer.
    this.text += `${inputs.map(this.field).join(',')},${suffix}`;
    if (this.preview.length < PREVIEW_ROWS) {
      const shown = [...inputs.slice(0, PREVIEW_INPUT_COLUMNS), ...cells()];
      this.preview.push(shown.map(previewCell));
    }
  }
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

interface Cached {
  readonly label: string;
  readonly probabilities: Float32Array;
  readonly suffix: string;
}

/**
 * Formatted prediction cells by (label, probabilities). Keyed by a numeric hash of the floats and
 * checked exactly, so looking up allocates nothing: this runs once per row.
 */
class SuffixCache {
  // Boosted models answer almost every row differently: after this many lookups with under one
  // hit in four, caching only costs, so it stops.
  private static readonly TRIAL = 2048;
  private readonly buckets = new Map<number, Cached[]>();
  private size = 0;
  private lookups = 0;
  private hits = 0;

  private get useless(): boolean {
    return this.lookups >= SuffixCache.TRIAL && this.hits * 4 < this.lookups;
  }

  get(label: string, probabilities: Float32Array): string | undefined {
    if (this.useless) return undefined;
    this.lookups++;
    const bucket = this.buckets.get(hash(probabilities));
    if (!bucket) return undefined;
    for (const entry of bucket) {
      if (entry.label === label && sameValues(entry.probabilities, probabilities)) {
        this.hits++;
        return entry.suffix;
      }
    }
    return undefined;
  }

  set(label: string, probabilities: Float32Array, suffix: string): string {
    if (this.useless) return suffix;
    if (this.size >= SUFFIX_CACHE_LIMIT) {
      this.buckets.clear();
      this.size = 0;
    }
    const key = hash(probabilities);
    const bucket = this.buckets.get(key) ?? [];
    bucket.push({ label, probabilities: probabilities.slice(), suffix });
    this.buckets.set(key, bucket);
    this.size++;
    return suffix;
  }
}

function hash(values: Float32Array): number {
  let h = 0;
  for (let i = 0; i < values.length; i++) h = h * 31 + values[i]! * 1_000_003;
  return h;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
