/**
 * The what-if views in sentences, for screen readers and for anyone who prefers words: where a
 * number input's sweep changes the predicted label (class models) or how far it moves the
 * predicted value (regression), and what the other categories would give.
 */
import {
  type CategoryInputSpec,
  categoryLabel,
  type ClassificationManifest,
  classLabel,
  isRegression,
  type ModelManifest,
  type RegressionManifest,
} from '../manifest/manifest-types';
import { decimalBetween, formatNumber } from '../format/format';
import type {
  CategoryOutcome,
  CategoryOutcomes,
  ClassOutcome,
  CurvePoint,
  NumberCurve,
  Outcome,
  ValueOutcome,
} from './what-if-curves';

/** The first point, going one way from the current value, where the predicted label differs. */
export interface LabelChange {
  readonly direction: 'above' | 'below';
  /** A short number between the last point with the current label and the first without. */
  readonly at: number;
  /** False when those two points are adjacent on the input's step grid, so `at` is exact. */
  readonly approximate: boolean;
  readonly label: string;
}

function changeTowards(
  curve: NumberCurve<ClassOutcome>,
  direction: 'above' | 'below',
): LabelChange | undefined {
  const { points, currentIndex, spec } = curve;
  if (currentIndex === undefined) return undefined;
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
export function labelChanges(curve: NumberCurve<ClassOutcome>): LabelChange[] {
  return [changeTowards(curve, 'below'), changeTowards(curve, 'above')].filter(
    (c): c is LabelChange => c !== undefined,
  );
}

/** A run of neighbouring points with the same predicted label. */
export interface LabelSegment {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** The curve cut where the predicted label changes, left to right. */
export function labelSegments(curve: NumberCurve<ClassOutcome>): LabelSegment[] {
  const segments: LabelSegment[] = [];
  for (const p of curve.points) {
    const last = segments.at(-1);
    if (last && last.label === p.label) segments[segments.length - 1] = { ...last, to: p.x };
    else segments.push({ from: p.x, to: p.x, label: p.label });
  }
  return segments;
}

/** `Age (years)`, or just the label when it already says the unit (`… ratio` in `ratio`). */
export function axisTitle(curve: Pick<NumberCurve, 'spec'>): string {
  const { label, unit } = curve.spec;
  return unit && !label.toLowerCase().includes(unit.toLowerCase()) ? `${label} (${unit})` : label;
}

/** ` years` after a value; nothing when the label already says the unit (`… ratio`). */
function unitOf(curve: NumberCurve): string {
  const { label, unit } = curve.spec;
  return unit && !label.toLowerCase().includes(unit.toLowerCase()) ? ` ${unit}` : '';
}

/** `(the model then uses 68, the median)`, when the manifest says what an empty input becomes. */
function filledIn(curve: NumberCurve): string {
  const missing = curve.spec.missing;
  if (!missing) return '';
  if (missing.value === null) return ' (the model then takes it as missing)';
  return ` (the model then uses ${formatNumber(missing.value, curve.spec.format)}, the ${missing.strategy})`;
}

function describeClassCurve(
  curve: NumberCurve<ClassOutcome>,
  manifest: ClassificationManifest,
): string {
  const { spec, points, currentIndex, empty } = curve;
  const name = (label: string) => classLabel(manifest, label);
  if (currentIndex === undefined) {
    // Empty now: say what each stretch of the range would give if it were filled in.
    const here = empty!.label;
    const stretches = labelSegments(curve)
      .map((s) => `${name(s.label)} from ${s.from} to ${s.to}${unitOf(curve)}`)
      .join('; ');
    const same = labelSegments(curve).every((s) => s.label === here);
    return `${spec.label} is empty${filledIn(curve)}: ${name(here)}. ${
      same ? 'No value in its range would change that.' : `Filled in: ${stretches}.`
    }`;
  }
  const here = name(points[currentIndex]!.label);
  const changes = labelChanges(curve);
  let text =
    changes.length === 0
      ? `From ${points[0]!.x} to ${points.at(-1)!.x}${unitOf(curve)}, ${spec.label} does not change the prediction (${here}).`
      : changes
          .map(
            (c) =>
              `${spec.label} ${c.direction} ${c.approximate ? 'about ' : ''}${c.at} switches the prediction to ${name(c.label)}.`,
          )
          .join(' ');
  if (empty) text += ` Left empty: ${name(empty.label)}.`;
  return text;
}

function extremes(points: readonly CurvePoint<ValueOutcome>[]) {
  let low = points[0]!;
  let high = points[0]!;
  for (const p of points) {
    if (p.value < low.value) low = p;
    if (p.value > high.value) high = p;
  }
  return { low, high };
}

function describeValueCurve(
  curve: NumberCurve<ValueOutcome>,
  manifest: RegressionManifest,
): string {
  const { spec, points, currentIndex, empty } = curve;
  const show = (v: number) => formatNumber(v, manifest.outputs.format);
  const { low, high } = extremes(points);
  // Input values in the input's own format (215,245 sq ft), outputs in the output's.
  const x = (v: number) => formatNumber(v, spec.format);
  const span = `from ${x(points[0]!.x)} to ${x(points.at(-1)!.x)}${unitOf(curve)}`;
  const moves =
    show(low.value) === show(high.value)
      ? `the prediction stays at ${show(low.value)}`
      : `the prediction is lowest at ${x(low.x)} (${show(low.value)}) and highest at ${x(high.x)} (${show(high.value)})`;
  if (currentIndex === undefined)
    return `${spec.label} is empty${filledIn(curve)}: ${show(empty!.value)}. Filled in, ${span}, ${moves}.`;
  const here = points[currentIndex]!;
  const text =
    show(low.value) === show(high.value)
      ? `From ${x(points[0]!.x)} to ${x(points.at(-1)!.x)}${unitOf(curve)}, ${spec.label} does not change the prediction (${show(here.value)}).`
      : `As ${spec.label} goes ${span}, ${moves}; now ${show(here.value)} at ${x(here.x)}.`;
  return empty ? `${text} Left empty: ${show(empty.value)}.` : text;
}

/**
 * One number input's sweep in a sentence. Class models: e.g. "Na_to_K above about 14.8
 * switches the prediction to Drug Y."; regression: where the predicted value is lowest and
 * highest, and what it is now.
 */
export function describeCurve(curve: NumberCurve, manifest: ModelManifest): string {
  return isRegression(manifest)
    ? describeValueCurve(curve as NumberCurve<ValueOutcome>, manifest)
    : describeClassCurve(curve as NumberCurve<ClassOutcome>, manifest);
}

/** A category's readable name; "empty" for an optional input left empty. */
export function categoryName(spec: CategoryInputSpec, category: string | null): string {
  return category === null ? 'empty' : categoryLabel(spec, category);
}

function describeClassCategories(
  outcomes: CategoryOutcomes<ClassOutcome>,
  manifest: ClassificationManifest,
): string {
  const { spec } = outcomes;
  const current = outcomes.outcomes.find((o) => o.current)!;
  const others = outcomes.outcomes.filter((o) => !o.current);
  const changing = others.filter((o) => o.label !== current.label);
  const name = (c: string | null) => categoryName(spec, c);
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

/** Up to this many other categories are named one by one; more are summed up by their ends. */
const LISTED_CATEGORIES = 4;

function describeValueCategories(
  outcomes: CategoryOutcomes<ValueOutcome>,
  manifest: RegressionManifest,
): string {
  const { spec } = outcomes;
  const show = (v: number) => formatNumber(v, manifest.outputs.format);
  const name = (c: string | null) => categoryName(spec, c);
  const current = outcomes.outcomes.find((o) => o.current)!;
  const others = outcomes.outcomes.filter((o) => !o.current);
  if (others.length === 0) return `${spec.label} has no other category.`;
  const instead = `${spec.label} other than ${name(current.category)} (${show(current.value)})`;
  if (others.length <= LISTED_CATEGORIES) {
    const parts = others.map(
      (o, i) =>
        `${i === 0 ? `${spec.label} ${name(o.category)} instead of ${name(current.category)} (${show(current.value)})` : name(o.category)} would give ${show(o.value)}`,
    );
    return `${parts.join('; ')}.`;
  }
  const sorted = [...others].sort((a, b) => a.value - b.value);
  const end = (o: CategoryOutcome<ValueOutcome>) => `${show(o.value)} (${name(o.category)})`;
  return `${instead} would give from ${end(sorted[0]!)} to ${end(sorted.at(-1)!)}.`;
}

/**
 * What the other categories of one input would give. Class models: e.g. "Blood pressure Low
 * instead of High: Drug C; Normal: Drug X."; regression: each value, or the lowest and highest
 * when there are many categories.
 */
export function describeCategories(outcomes: CategoryOutcomes, manifest: ModelManifest): string {
  return isRegression(manifest)
    ? describeValueCategories(outcomes as CategoryOutcomes<ValueOutcome>, manifest)
    : describeClassCategories(outcomes as CategoryOutcomes<ClassOutcome>, manifest);
}

/** Narrows an outcome by its shape. */
export function isValueOutcome(outcome: Outcome): outcome is ValueOutcome {
  return 'value' in outcome;
}
