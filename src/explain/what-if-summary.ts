/**
 * The what-if views in sentences, for screen readers and for anyone who prefers words: where a
 * number input's sweep changes the predicted label, and which other categories change it.
 */
import { categoryLabel, classLabel, type ModelManifest } from '../manifest/manifest-types';
import { decimalBetween } from './format-number';
import type { CategoryOutcomes, NumberCurve } from './what-if-curves';

/** The first point, going one way from the current value, where the predicted label differs. */
export interface LabelChange {
  readonly direction: 'above' | 'below';
  /** A short number between the last point with the current label and the first without. */
  readonly at: number;
  /** False when those two points are adjacent on the input's step grid, so `at` is exact. */
  readonly approximate: boolean;
  readonly label: string;
}

function changeTowards(curve: NumberCurve, direction: 'above' | 'below'): LabelChange | undefined {
  const { points, currentIndex, spec } = curve;
  const here = points[currentIndex]!.label;
  const delta = direction === 'above' ? 1 : -1;
  for (let i = currentIndex + delta; i >= 0 && i < points.length; i += delta) {
    if (points[i]!.label === here) continue;
    const last = points[i - delta]!.x;
    const first = points[i]!.x;
    const at =
      direction === 'above' ? decimalBetween(last, first, 'lo') : decimalBetween(first, last, 'hi');
    // 1.5 steps: adjacent grid values, allowing for float error in their difference.
    const approximate = Math.abs(first - last) > spec.step * 1.5;
    return { direction, at, approximate, label: points[i]!.label };
  }
  return undefined;
}

/** The nearest label change above and below the current value, where there is one. */
export function labelChanges(curve: NumberCurve): LabelChange[] {
  return [changeTowards(curve, 'below'), changeTowards(curve, 'above')].filter(
    (c): c is LabelChange => c !== undefined,
  );
}

/** `Age (years)`, or just the label when it already says the unit (`… ratio` in `ratio`). */
export function axisTitle(curve: NumberCurve): string {
  const { label, unit } = curve.spec;
  return unit && !label.toLowerCase().includes(unit.toLowerCase()) ? `${label} (${unit})` : label;
}

/** E.g. "Na_to_K above about 14.8 switches the prediction to Drug Y." */
export function describeCurve(curve: NumberCurve, manifest: ModelManifest): string {
  const { spec, points, currentIndex } = curve;
  const here = classLabel(manifest, points[currentIndex]!.label);
  const changes = labelChanges(curve);
  if (changes.length === 0) {
    const unit = spec.unit ? ` ${spec.unit}` : '';
    return `From ${points[0]!.x} to ${points.at(-1)!.x}${unit}, ${spec.label} does not change the prediction (${here}).`;
  }
  return changes
    .map(
      (c) =>
        `${spec.label} ${c.direction} ${c.approximate ? 'about ' : ''}${c.at} switches the prediction to ${classLabel(manifest, c.label)}.`,
    )
    .join(' ');
}

/** E.g. "Blood pressure Low instead of High: Drug C; Normal: Drug X." */
export function describeCategories(outcomes: CategoryOutcomes, manifest: ModelManifest): string {
  const { spec } = outcomes;
  const current = outcomes.outcomes.find((o) => o.current)!;
  const others = outcomes.outcomes.filter((o) => !o.current);
  const changing = others.filter((o) => o.label !== current.label);
  const name = (c: string) => categoryLabel(spec, c);
  if (others.length === 0) return `${spec.label} has no other category.`;
  if (changing.length === 0) {
    const list = others.map((o) => name(o.category)).join(' or ');
    return `${spec.label} ${list} instead of ${name(current.category)} would not change the prediction.`;
  }
  const parts = changing.map(
    (o, i) =>
      `${i === 0 ? `${spec.label} ${name(o.category)} instead of ${name(current.category)}` : name(o.category)} would give ${classLabel(manifest, o.label)}`,
  );
  const same = others.filter((o) => o.label === current.label).map((o) => name(o.category));
  const rest = same.length > 0 ? `; ${same.join(' or ')} would not change it` : '';
  return `${parts.join('; ')}${rest}.`;
}
