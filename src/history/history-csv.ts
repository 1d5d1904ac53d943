import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import {
  csvLine,
  formatFloat,
  type FormulaPolicy,
  predictionCells,
  predictionColumns,
} from '../csv/write-csv';
import { type HistoryEntry, isValueEntry } from './history-entry';
import { own } from '../manifest/records';

/**
 * Header of a history export: the model's inputs in manifest order, when and with which model
 * version each prediction was made, then the columns every Formcast CSV output ends with.
 */
export function historyCsvColumns(manifest: ModelManifest): string[] {
  return [
    ...manifest.inputs.map((spec) => spec.name),
    'recorded_at',
    'model_version',
    ...predictionColumns(manifest),
  ];
}

/** The prediction columns of one entry, or empty ones when it is of another kind of model. */
function outcomeCells(manifest: ModelManifest, entry: HistoryEntry): string[] {
  const width = predictionColumns(manifest).length;
  const blank = () => Array<string>(width).fill('');
  if (isRegression(manifest)) {
    if (!isValueEntry(entry)) return blank();
    const cells = predictionCells(manifest, { value: entry.value });
    // The range kept with the entry is the one its model version gave: an export must not
    // restate an older prediction with a newer version's range.
    if (manifest.outputs.interval) {
      cells[1] = entry.range ? formatFloat(entry.range.low) : '';
      cells[2] = entry.range ? formatFloat(entry.range.high) : '';
    }
    return cells;
  }
  if (isValueEntry(entry)) return blank();
  const { classes } = manifest.outputs;
  const cells = predictionCells(manifest, {
    label: entry.label,
    probabilities: classes.map((c) => own(entry.probabilities, c) ?? 0),
  });
  // An entry made by another version of the model may lack a class (or an input) the current
  // manifest has: its cell stays empty rather than showing a probability the model never gave.
  classes.forEach((c, k) => {
    if (!Object.hasOwn(entry.probabilities, c)) cells[k + 1] = '';
  });
  return cells;
}

function entryCells(manifest: ModelManifest, entry: HistoryEntry): string[] {
  return [
    ...manifest.inputs.map((spec) => {
      const value = entry.inputs[spec.name];
      // null: an optional input left empty, written as an empty cell as a batch file has it.
      return value === undefined || value === null ? '' : String(value);
    }),
    entry.time,
    entry.modelVersion,
    ...outcomeCells(manifest, entry),
  ];
}

/**
 * The CSV export of the entries made with `manifest`'s model (other models' entries are left
 * out: their columns differ), oldest first as a log reads, in the batch output's format, formula
 * cells escaped unless `formulas` is `keep` (see csvField).
 */
export function historyCsv(
  manifest: ModelManifest,
  entries: readonly HistoryEntry[],
  formulas: FormulaPolicy = 'escape',
): string {
  const rows = entries
    .filter((e) => e.modelId === manifest.id)
    .sort((a, b) => (a.time === b.time ? a.id - b.id : a.time < b.time ? -1 : 1));
  return [historyCsvColumns(manifest), ...rows.map((e) => entryCells(manifest, e))]
    .map((cells) => csvLine(cells, formulas))
    .join('');
}

/** `formcast-history-<modelId>-<YYYY-MM-DD>.csv`, dated in the user's time zone. */
export function historyCsvFileName(modelId: string, date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `formcast-history-${modelId}-${day}.csv`;
}
