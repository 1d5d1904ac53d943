import { classLabel, type ModelManifest } from '../manifest/manifest-types';

/**
 * One CSV field per RFC 4180: quoted when it holds the delimiter, a quote, CR or LF, or starts
 * or ends with a space (which spreadsheets would trim); quotes doubled.
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line, CRLF-terminated as RFC 4180 and spreadsheets expect. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * The columns Formcast appends to every scored row, batch output and history export alike:
 * the predicted label, one probability per class in the model's class order, and the error.
 */
export function predictionColumns(manifest: ModelManifest): string[] {
  return ['predicted_label', ...manifest.outputs.classes.map((c) => `p_${c}`), 'error'];
}

/** A readable header for humans next to the machine one, e.g. for a preview table. */
export function predictionColumnLabels(manifest: ModelManifest): string[] {
  return [
    'Prediction',
    ...manifest.outputs.classes.map((c) => `P(${classLabel(manifest, c)})`),
    'Error',
  ];
}

/**
 * The prediction cells of one row, aligned with predictionColumns(): probabilities written with
 * enough digits to round-trip a float32 exactly; empty cells and the message for a failed row.
 */
export function predictionCells(
  manifest: ModelManifest,
  result:
    | { readonly label: string; readonly probabilities: ArrayLike<number> }
    | { readonly error: string },
): string[] {
  if ('error' in result) return ['', ...manifest.outputs.classes.map(() => ''), result.error];
  const cells = [result.label];
  for (let k = 0; k < manifest.outputs.classes.length; k++)
    cells.push(formatProbability(result.probabilities[k]!));
  cells.push('');
  return cells;
}

/** Shortest decimal that reads back as the same float32 (9 significant digits suffice). */
export function formatProbability(p: number): string {
  return String(Number(Math.fround(p).toPrecision(9)));
}
