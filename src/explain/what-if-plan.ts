/**
 * Which rows to predict for the what-if views: every number input swept across its training
 * range with the other inputs held, and every other category of each category input; for an
 * optional input, also the row with it left empty. All of it goes to the worker as one call,
 * laid out by column (planColumns), whose size a row budget bounds (see pointsPerInput).
 */
import type { ModelValue, ModelValues } from '../inputs/validate-inputs';
import type {
  CategoryInputSpec,
  InputSpec,
  ModelManifest,
  NumberInputSpec,
} from '../manifest/manifest-types';
import { roundTo, stepDecimals } from '../format/format';
import { own } from '../manifest/records';
import { allocateColumns, type InputColumns } from '../runtime/feeds';

/** Points per number input at most: smooth enough to see a change, cheap to predict. */
export const DEFAULT_POINTS = 120;
/** Points per number input at least, however many inputs share the budget. */
export const MIN_POINTS = 40;
/**
 * Rows predicted per update at most (before MIN_POINTS overrides it): the what-if views are
 * recomputed on every keystroke, and their cost grows with the rows (prediction in the worker,
 * then one SVG polyline point and, when open, one table row each).
 */
export const ROW_BUDGET = 500;

export interface NumberSweep {
  readonly spec: NumberInputSpec;
  /** The sampled values, ascending, the current value among them when there is one. */
  readonly xs: readonly number[];
  /** Where the current value is in `xs`; undefined when the (optional) input is empty. */
  readonly currentIndex: number | undefined;
  /** Index of the sweep's first row in {@link WhatIfPlan.rows}. */
  readonly start: number;
  /**
   * Index of the row with this input left empty: an optional input that has a value now. (Empty
   * now, the form's own prediction is that row's answer.)
   */
  readonly emptyRow?: number;
}

export interface CategorySweep {
  readonly spec: CategoryInputSpec;
  /**
   * The categories other than the current one, in the manifest's order, then null (the input
   * left empty) for an optional input that has a value now.
   */
  readonly alternatives: readonly (string | null)[];
  readonly start: number;
}

export interface WhatIfPlan {
  /** The values everything is held at. */
  readonly values: ModelValues;
  readonly numbers: readonly NumberSweep[];
  readonly categories: readonly CategorySweep[];
  /** How many rows the plan predicts: sweeps one after the other (see planColumns). */
  readonly length: number;
}

/**
 * Values from `min` to `max` on the input's step grid (so each one is a value a user could type,
 * and a table shows it exactly): every step when there are at most `points`, else `points`
 * evenly spread. The current value, when given, is added where it belongs, widening the range
 * when it lies outside, so the chart can mark it on a computed point.
 */
export function sampleRange(
  spec: Pick<NumberInputSpec, 'min' | 'max' | 'step'>,
  current: number | undefined,
  points: number = DEFAULT_POINTS,
): { xs: number[]; currentIndex: number | undefined } {
  const decimals = stepDecimals(spec.step);
  const steps = Math.floor((spec.max - spec.min) / spec.step + 1e-9);
  const count = Math.max(2, Math.min(points, steps + 1));
  const grid = new Set<number>();
  for (let i = 0; i < count; i++) {
    grid.add(roundTo(spec.min + ((spec.max - spec.min) * i) / (count - 1), decimals));
  }
  if (current !== undefined) grid.add(current);
  const xs = [...grid].sort((a, b) => a - b);
  return { xs, currentIndex: current === undefined ? undefined : xs.indexOf(current) };
}

/**
 * Points per number input so that the whole plan stays within ROW_BUDGET rows: the category
 * rows and empty rows are fixed, the sweeps share the rest, DEFAULT_POINTS at most and
 * MIN_POINTS at least each.
 */
export function pointsPerInput(manifest: ModelManifest, values: ModelValues): number {
  let fixed = 0;
  let numbers = 0;
  for (const spec of manifest.inputs) {
    const empty = values[spec.name] === null;
    if (spec.type === 'number') numbers++;
    else fixed += spec.categories.length - (empty ? 0 : 1);
    if (spec.optional && !empty) fixed++;
  }
  if (numbers === 0) return DEFAULT_POINTS;
  // One row per sweep is kept for the current value, added when it falls between samples.
  const share = Math.floor((ROW_BUDGET - fixed) / numbers) - 1;
  return Math.max(MIN_POINTS, Math.min(DEFAULT_POINTS, share));
}

function asNumber(value: ModelValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

export function planWhatIf(
  manifest: ModelManifest,
  values: ModelValues,
  points: number = pointsPerInput(manifest, values),
): WhatIfPlan {
  const numbers: NumberSweep[] = [];
  const categories: CategorySweep[] = [];
  let length = 0;
  for (const spec of manifest.inputs) {
    const current = values[spec.name];
    // An optional input with a value: what if it were left empty, too.
    const withEmpty = spec.optional === true && current !== null;
    if (spec.type === 'number') {
      const { xs, currentIndex } = sampleRange(spec, asNumber(current), points);
      const start = length;
      length += xs.length;
      const emptyRow = withEmpty ? length++ : undefined;
      numbers.push({
        spec,
        xs,
        currentIndex,
        start,
        ...(emptyRow === undefined ? {} : { emptyRow }),
      });
    } else {
      const alternatives: (string | null)[] = spec.categories.filter((c) => c !== current);
      if (withEmpty) alternatives.push(null);
      categories.push({ spec, alternatives, start: length });
      length += alternatives.length;
    }
  }
  return { values, numbers, categories, length };
}

/**
 * Each row of a plan as an object, in row order: the held values, one of them changed. For
 * code that reads rows (tests); the views send planColumns, since 500 objects of 14 keys,
 * cloned to the worker, validated and answered one by one, cost the house model ≈ 3 ms more
 * per keystroke than its columns.
 */
export function planRows(plan: WhatIfPlan): ModelValues[] {
  const rows = new Array<ModelValues>(plan.length);
  const { values } = plan;
  for (const { spec, xs, start, emptyRow } of plan.numbers) {
    xs.forEach((x, i) => (rows[start + i] = { ...values, [spec.name]: x }));
    if (emptyRow !== undefined) rows[emptyRow] = { ...values, [spec.name]: null };
  }
  for (const { spec, alternatives, start } of plan.categories)
    alternatives.forEach((c, i) => (rows[start + i] = { ...values, [spec.name]: c }));
  return rows;
}

/** A value as a column holds it: a number (NaN: empty), a category's index (-1: empty). */
function cell(spec: InputSpec, value: ModelValue | undefined): number {
  if (value === null || value === undefined) return spec.type === 'number' ? NaN : -1;
  return spec.type === 'number' ? Number(value) : spec.categories.indexOf(String(value));
}

/**
 * The plan's rows laid out by column, in the manifest's input order (see InputColumns): each
 * column holds its input's value in every row but those of its own sweep. Typed arrays cross to
 * the worker without an object per row.
 */
export function planColumns(manifest: ModelManifest, plan: WhatIfPlan): InputColumns {
  const columns = allocateColumns(manifest.inputs, plan.length);
  manifest.inputs.forEach((spec, j) => {
    columns.values[j]!.fill(cell(spec, own(plan.values, spec.name)));
  });
  const column = (spec: InputSpec) => columns.values[manifest.inputs.indexOf(spec)]!;
  for (const sweep of plan.numbers) {
    const out = column(sweep.spec);
    out.set(sweep.xs, sweep.start);
    if (sweep.emptyRow !== undefined) out[sweep.emptyRow] = NaN;
  }
  for (const sweep of plan.categories) {
    const out = column(sweep.spec);
    sweep.alternatives.forEach((c, i) => (out[sweep.start + i] = cell(sweep.spec, c)));
  }
  return columns;
}
