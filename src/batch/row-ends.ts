import { completeRowsEnd } from './row-scan';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the complete rows of `bytes[0, length)` end, judged from the bytes alone, when they start
 * at a row start: every line break before the first `"` ends a row, since only a quoted field can
 * hold one, and a quote must start a field to quote it. Returns the offset just after the last
 * such line break (a CR at the very end is left for the next read: it may be half a CRLF), the
 * whole length when `final` and there is no quote, or -1 when a quote comes before any row end:
 * then the rows' ends can only be found by reading the text (see the row scan in split-rows).
 */
export function rowsEndBeforeQuote(bytes: Uint8Array, length: number, final: boolean): number {
  const view = bytes.subarray(0, length);
  const quote = view.indexOf(QUOTE);
  if (quote === -1 && final) return length;
  const limit = quote === -1 ? length : quote;
  let end = lastBreak(view, limit);
  // A CR that ends the bytes read may be followed by the LF of its CRLF in the next read.
  if (end === length && !final && view[length - 1] === CR) end = lastBreak(view, length - 1);
  return end > 0 ? end : -1;
}

/** The offset after the last LF or CR before `limit`, or 0. */
function lastBreak(view: Uint8Array, limit: number): number {
  if (limit <= 0) return 0;
  const lf = view.lastIndexOf(LF, limit - 1);
  const cr = view.lastIndexOf(CR, limit - 1);
  return Math.max(lf, cr) + 1;
}

/**
 * Where the complete rows of `bytes[0, length)` end (they start at a row start): from the bytes
 * when no quote comes before a row end, else from the decoded text with the row scan that
 * papaparse's reading follows (a quoted field may hold line breaks). -1 when no row ends there.
 */
export function rowsEnd(
  bytes: Uint8Array,
  length: number,
  final: boolean,
  delimiter: string,
): number {
  const fast = rowsEndBeforeQuote(bytes, length, final);
  if (fast !== -1) return fast;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(0, length),
      { stream: !final },
    );
  } catch {
    // Not UTF-8: the worker that scores these bytes names the first bad one.
    return length;
  }
  const end = completeRowsEnd(text, final, delimiter);
  if (end === 0) return -1;
  // One byte per character when the text is ASCII, the usual case.
  return text.length === length ? end : new TextEncoder().encode(text.slice(0, end)).length;
}
