import { classLabel, isRegression, type ModelManifest } from '../manifest/manifest-types';
import { valueRange } from '../manifest/outputs';
import type { ClassAnswer, RowProblem, ValueAnswer } from '../runtime/answers';
import { nineDigits } from './nine-digits';

/**
 * What a CSV writer does with a cell a spreadsheet would run as a formula (`=HYPERLINK(…)`,
 * `+cmd|' /C calc'!A0`, `@SUM(…)`): `escape` (the default) writes it as text, `keep` writes it
 * as it came, for pipelines that need the raw text back.
 */
export type FormulaPolicy = 'escape' | 'keep';

/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number with a sign (`-5`, `+1.5e3`) is data, not a formula, and stays as it is. */
const SIGNED_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;

/**
 * Whether `value` is a cell a spreadsheet would evaluate: it starts with `=`, `+`, `-`, `@`, a
 * tab or a carriage return (OWASP's list) and is not a plain number.
 */
export function isFormula(value: string): boolean {
  return FORMULA_START.test(value) && !SIGNED_NUMBER.test(value);
}

/**
 * One CSV field per RFC 4180: quoted when it holds the delimiter, a quote, CR or LF, or starts
 * or ends with a space (which spreadsheets would trim); quotes doubled. A formula gets a leading
 * `'` and quotes, as OWASP recommends for CSV injection, unless `formulas` is `keep`: the
 * spreadsheet then shows the text instead of running it.
 */
export function csvField(value: string, formulas: FormulaPolicy = 'escape'): string {
  if (formulas === 'escape' && isFormula(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line, CRLF-terminated as RFC 4180 and spreadsheets expect. */
export function csvLine(fields: readonly string[], formulas: FormulaPolicy = 'escape'): string {
  return `${fields.map((field) => csvField(field, formulas)).join(',')}\r\n`;
}

/**
 * One row's model answer, as the CSV columns take it: the answer types of runtime/answers.ts,
 * with the probabilities as numbers in the model's class order.
 */
export type PredictionCellsInput =
  | (Pick<ClassAnswer, 'label'> & { readonly probabilities: ArrayLike<number> })
  | Pick<ValueAnswer, 'value'>
  | Pick<RowProblem, 'error'>;

/**
 * The columns Formcast appends to every scored row, batch output and history export alike.
 * Classification and binary: the predicted label, one probability per class in the model's
 * class order, the error. Regression: the predicted value, the cross-validation range's ends
 * when the manifest has a range, the error.
 */
export function predictionColumns(manifest: ModelManifest): string[] {
  if (isRegression(manifest)) {
    return [
      'predicted_value',
      ...(manifest.outputs.interval ? ['range_low', 'range_high'] : []),
      'error',
    ];
  }
  return ['predicted_label', ...manifest.outputs.classes.map((c) => `p_${c}`), 'error'];
}

/** A readable header for humans next to the machine one, e.g. for a preview table. */
export function predictionColumnLabels(manifest: ModelManifest): string[] {
  if (isRegression(manifest)) {
    const { label, interval } = manifest.outputs;
    const share = interval ? `${Math.round(interval.coverage * 100)} % range` : '';
    return [label, ...(interval ? [`${share}: low`, `${share}: high`] : []), 'Error'];
  }
  return [
    'Prediction',
    ...manifest.outputs.classes.map((c) => `P(${classLabel(manifest, c)})`),
    'Error',
  ];
}

/**
 * The prediction cells of one row, aligned with predictionColumns(): numbers written with
 * enough digits to read back as the same float32 the model gave; empty cells and the message
 * for a failed row.
 */
export function predictionCells(manifest: ModelManifest, result: PredictionCellsInput): string[] {
  if ('error' in result) {
    const empty = Array<string>(predictionColumns(manifest).length - 1).fill('');
    return [...empty, result.error];
  }
  if (isRegression(manifest)) {
    if (!('value' in result)) throw new TypeError('a regression row needs a value');
    const range = valueRange(manifest.outputs, result.value);
    const ends = range ? [formatFloat(range.low), formatFloat(range.high)] : [];
    return [formatFloat32(result.value), ...ends, ''];
  }
  if (!('label' in result)) throw new TypeError('a classification row needs a label');
  const cells = [result.label];
  for (let k = 0; k < manifest.outputs.classes.length; k++)
    cells.push(formatFloat32(result.probabilities[k]!));
  cells.push('');
  return cells;
}

/**
 * A float32 to 9 significant digits, which read back as the same float32, trailing zeros dropped:
 * `String(Number(Math.fround(p).toPrecision(9)))`, computed faster (see nine-digits.ts).
 */
export function formatFloat32(p: number): string {
  return nineDigits(Math.fround(p));
}

/**
 * A float64 (e.g. a range end computed from a float32), to 9 significant digits:
 * `String(Number(x.toPrecision(9)))`.
 */
export function formatFloat(x: number): string {
  return nineDigits(x);
}
