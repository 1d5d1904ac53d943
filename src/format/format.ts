/**
 * Every number, size, duration and date Formcast shows a person, formatted in one place: the
 * result, the form's hints, the explain views, batch scoring, the history and the model card all
 * use these. (Files written for programs, the scored CSV and the history export, use the
 * float32-exact cells of csv/write-csv.ts instead.)
 */
import type {
  Metric,
  NumberFormat,
  NumberInputSpec,
  RegressionOutputs,
} from '../manifest/manifest-types';

// ── Numbers in a manifest's format ────────────────────────────────────────────────────────────

// Keyed by the manifest's own format objects, which live as long as the manifest: no key to
// build per call (charts and tables format hundreds of numbers per keystroke).
const formatters = new WeakMap<NumberFormat, Intl.NumberFormat>();
const NO_FORMAT: NumberFormat = {};

/**
 * A number as the manifest asks it to be shown (currency, percent, digits), in the page's
 * locale. Without a format: up to 4 decimals and no grouping, so that a year reads 1975, not
 * 1,975 (a manifest that wants grouping says `{"style": "decimal"}`).
 */
export function formatNumber(value: number, format: NumberFormat | undefined): string {
  if (!Number.isFinite(value)) return String(value);
  const key = format ?? NO_FORMAT;
  let formatter = formatters.get(key);
  if (!formatter) {
    // The default maximum never goes below the format's own minimum (Intl refuses min > max).
    const fallbackMax = Math.max(
      format?.style === 'percent' ? 1 : 4,
      format?.minimumFractionDigits ?? 0,
    );
    formatter = new Intl.NumberFormat(undefined, {
      maximumFractionDigits: fallbackMax,
      useGrouping: format !== undefined,
      ...format,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}

/** A regression output as the manifest asks: its format, and its unit unless that is a currency. */
export function formatValue(outputs: RegressionOutputs, value: number): string {
  const unit = outputs.unit && outputs.format?.style !== 'currency' ? ` ${outputs.unit}` : '';
  return formatNumber(value, outputs.format) + unit;
}

/**
 * A value of a number input for display. With the input's `format` (currency, percent...);
 * without one, as typed (no grouping, so a year stays "1973"), with at most 4 decimals.
 */
export function formatInputNumber(spec: NumberInputSpec, value: number): string {
  const unit = spec.unit && spec.format?.style !== 'currency' ? ` ${spec.unit}` : '';
  const shown = spec.format ? formatNumber(value, spec.format) : String(Number(value.toFixed(4)));
  return shown + unit;
}

const ONE_DECIMAL: NumberFormat = { maximumFractionDigits: 1 };

/**
 * A metric value in the metric's own format, trailing zeros kept. Without one: 3 decimals for
 * small values (accuracy, ROC AUC, RMSE of a log: scores between 0 and a few units), else at most
 * one decimal, grouped. Mean and spread share one choice, made on the mean, so they line up.
 */
export function metricFormatter(m: Metric): (value: number) => string {
  if (m.format) {
    // Mean and spread with as many digits each ("0.134 ± 0.020", not "0.134 ± 0.02").
    const digits = m.format.minimumFractionDigits ?? m.format.maximumFractionDigits;
    const format: NumberFormat = { ...m.format, minimumFractionDigits: digits };
    return (v) => formatNumber(v, format);
  }
  if (Math.abs(m.mean) < 10) return (v) => v.toFixed(3);
  return (v) => formatNumber(v, ONE_DECIMAL);
}

// ── Probabilities and shares ──────────────────────────────────────────────────────────────────

/** Formats a probability for reading: one decimal, and never "100.0 %" for something below 1. */
export function formatProbability(p: number): string {
  const percent = p * 100;
  if (p < 1 && percent > 99.9) return '>99.9 %';
  if (p > 0 && percent < 0.1) return '<0.1 %';
  return `${percent.toFixed(1)} %`;
}

/** A share as a whole percentage, in the same "80 %" style as the probabilities. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** `part` of `whole` as a percentage with one decimal ("12.5 %"); "–" when there is no whole. */
export function formatPercentOf(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '–';
}

/** A chart axis tick on a 0–1 probability scale: "50%", compact. */
export function formatTickPercent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

// ── Counts, durations, sizes ──────────────────────────────────────────────────────────────────

const counts = new Intl.NumberFormat('en');

/** A count with thousands separators: "1,000,000". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** `12 rows`, `1 row`. */
export function formatRows(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** "350 ms" below a second (at least 1 ms), else "2.4 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Download sizes: "14.2 MB" (decimal megabytes, one decimal). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Stored sizes: megabytes from 1 MB up, else whole kilobytes ("350 KB"). */
export function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? formatMegabytes(bytes) : `${Math.round(bytes / 1000)} KB`;
}

/** A model file's size, as the model card gives it: "2.0 KB" (units of 1024 bytes). */
export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

// ── Dates ─────────────────────────────────────────────────────────────────────────────────────

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * When a history entry was made, in the user's time zone, e.g. `21 Nov 2026 10:14:05`. Seconds
 * are shown because entries are often made within the same minute, and each Delete button's name
 * must tell its row apart.
 */
export function formatEntryTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const utcDate = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** When a model was made, in UTC, e.g. `Nov 21, 2026, 10:14 AM` (the caller adds "UTC"). */
export function formatUtcDate(iso: string): string {
  return utcDate.format(new Date(iso));
}

// ── Thresholds and decimals (the explain views) ───────────────────────────────────────────────

/** How a value compares with a threshold, as the text shows it. */
export type Relation = '≤' | '<' | '≥' | '>' | '=' | '≠';

export function holds(x: number, relation: Relation, threshold: number): boolean {
  switch (relation) {
    case '≤':
      return x <= threshold;
    case '<':
      return x < threshold;
    case '≥':
      return x >= threshold;
    case '>':
      return x > threshold;
    case '=':
      return x === threshold;
    case '≠':
      return x !== threshold;
  }
}

/** At least this many significant digits: 14.83 rather than 14.8, 50.5 rather than 51. */
const MIN_SIGNIFICANT = 4;

/**
 * A threshold short enough to read (14.83 for 14.828499794006348) that still makes every
 * given comparison read true: with the value 14.829 on the far side, 14.83 would read
 * "14.829 > 14.83", so it becomes 14.828. The integer part is never rounded away.
 */
export function formatThreshold(
  threshold: number,
  checks: readonly { readonly x: number; readonly relation: Relation }[] = [],
): string {
  const integerDigits = Math.max(1, Math.floor(Math.log10(Math.abs(threshold))) + 1);
  for (let p = Math.max(MIN_SIGNIFICANT, integerDigits + 1); p <= 17; p++) {
    const shown = Number(threshold.toPrecision(Math.min(p, 100)));
    if (checks.every((c) => holds(c.x, c.relation, shown))) return String(shown);
  }
  // Only a value that float32 rounding puts on the other side gets here; show it all.
  return String(threshold);
}

/**
 * The decimal with the fewest digits inside [lo, hi) (or (lo, hi] when `closedAt` is 'hi'),
 * the one nearest the middle when several are that short: where a sampled curve changes
 * between lo and hi, this is the honest short number to name.
 */
export function decimalBetween(lo: number, hi: number, closedAt: 'lo' | 'hi' = 'lo'): number {
  if (!(hi > lo)) return lo;
  const middle = (lo + hi) / 2;
  const inside = (v: number) => (closedAt === 'lo' ? v >= lo && v < hi : v > lo && v <= hi);
  for (let decimals = -15; decimals <= 15; decimals++) {
    const unit = 10 ** -decimals;
    const first = Math.ceil(lo / unit);
    const last = Math.floor(hi / unit);
    let best: number | undefined;
    for (let k = first; k <= last && k - first < 20; k++) {
      const v = roundTo(k * unit, decimals);
      if (inside(v) && (best === undefined || Math.abs(v - middle) < Math.abs(best - middle)))
        best = v;
    }
    if (best !== undefined) return best;
  }
  return closedAt === 'lo' ? lo : hi;
}

/** `value` rounded to `decimals` places (negative: to tens, hundreds…), without float noise. */
export function roundTo(value: number, decimals: number): number {
  if (decimals >= 0) return Number(value.toFixed(Math.min(decimals, 100)));
  const unit = 10 ** -decimals;
  return Math.round(value / unit) * unit;
}

/** Decimal places of a step: 1 → 0, 0.25 → 2, 0.001 → 3. */
export function stepDecimals(step: number): number {
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}
