/**
 * Which rows to predict for the what-if views: every number input swept across its training
 * range with the other inputs held, and every other category of each category input. All of it
 * goes to the worker as one predictBatch call.
 */
import type { ModelValues } from '../inputs/validate-inputs';
import type { CategoryInputSpec, ModelManifest, NumberInputSpec } from '../manifest/manifest-types';
import { roundTo, stepDecimals } from './format-number';

/** Points per number input: smooth enough to see a change, small enough to predict in < 1 ms. */
export const DEFAULT_POINTS = 120;

export interface NumberSweep {
  readonly spec: NumberInputSpec;
  /** The sampled values, ascending, the current value among them. */
  readonly xs: readonly number[];
  /** Where the current value is in `xs`. */
  readonly currentIndex: number;
  /** Index of the sweep's first row in {@link WhatIfPlan.rows}. */
  readonly start: number;
}

export interface CategorySweep {
  readonly spec: CategoryInputSpec;
  /** The categories other than the current one, in the manifest's order. */
  readonly alternatives: readonly string[];
  readonly start: number;
}

export interface WhatIfPlan {
  /** The values everything is held at. */
  readonly values: ModelValues;
  readonly numbers: readonly NumberSweep[];
  readonly categories: readonly CategorySweep[];
  /** Every row to predict, sweeps one after the other. */
  readonly rows: readonly ModelValues[];
}

/**
 * Values from `min` to `max` on the input's step grid (so each one is a value a user could type,
 * and a table shows it exactly): every step when there are at most `points`, else `points`
 * evenly spread. The current value is added where it belongs, widening the range when it lies
 * outside, so the chart can mark it on a computed point.
 */
export function sampleRange(
  spec: Pick<NumberInputSpec, 'min' | 'max' | 'step'>,
  current: number,
  points: number = DEFAULT_POINTS,
): { xs: number[]; currentIndex: number } {
  const decimals = stepDecimals(spec.step);
  const lo = Math.min(spec.min, current);
  const hi = Math.max(spec.max, current);
  const steps = Math.floor((spec.max - spec.min) / spec.step + 1e-9);
  const count = Math.max(2, Math.min(points, steps + 1));
  const grid = new Set<number>();
  for (let i = 0; i < count; i++) {
    grid.add(roundTo(spec.min + ((spec.max - spec.min) * i) / (count - 1), decimals));
  }
  grid.add(lo);
  grid.add(hi);
  grid.add(current);
  const xs = [...grid].sort((a, b) => a - b);
  return { xs, currentIndex: xs.indexOf(current) };
}

export function planWhatIf(
  manifest: ModelManifest,
  values: ModelValues,
  points: number = DEFAULT_POINTS,
): WhatIfPlan {
  const rows: ModelValues[] = [];
  const numbers: NumberSweep[] = [];
  const categories: CategorySweep[] = [];
  for (const spec of manifest.inputs) {
    const current = values[spec.name]!;
    if (spec.type === 'number') {
      const { xs, currentIndex } = sampleRange(spec, Number(current), points);
      numbers.push({ spec, xs, currentIndex, start: rows.length });
      for (const x of xs) rows.push({ ...values, [spec.name]: x });
    } else {
      const alternatives = spec.categories.filter((c) => c !== current);
      categories.push({ spec, alternatives, start: rows.length });
      for (const c of alternatives) rows.push({ ...values, [spec.name]: c });
    }
  }
  return { values, numbers, categories, rows };
}
