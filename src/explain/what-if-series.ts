/**
 * What the what-if charts plot, per task: one line per class (classification), the headline
 * class's probability (binary: the other line is its mirror image), or the predicted value with
 * its range (regression); and the y axis that fits it, shared by all charts of a model so that
 * their slopes compare.
 */
import {
  type ClassificationManifest,
  classLabel,
  isRegression,
  type ModelManifest,
  type RegressionManifest,
} from '../manifest/manifest-types';
import { formatNumber, formatTickPercent as percent } from '../format/format';
import { positiveClass } from '../manifest/outputs';
import { niceTicks } from './chart-scale';
import type { ClassOutcome, Outcome, ValueOutcome, WhatIf } from './what-if-curves';

/** Series styles cycle (colour and dash, so lines differ without colour too). */
export const SERIES_STYLES = 6;

export interface ChartSeries {
  /** Machine key: the class label, or `value`. */
  readonly key: string;
  /** Readable name, for the legend and table headers. */
  readonly name: string;
  /** Style index, 0 … SERIES_STYLES − 1. */
  readonly style: number;
  /** The series' y value for an outcome of this model. */
  read(outcome: Outcome): number;
}

export interface YAxis {
  readonly title: string;
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  format(value: number): string;
}

export interface ChartModel {
  /** Class probabilities (classification, binary) or a predicted value (regression). */
  readonly kind: 'class' | 'value';
  readonly series: readonly ChartSeries[];
  readonly y: YAxis;
  /** Index in `series` of the line an outcome's marker sits on (its predicted class's). */
  marked(outcome: Outcome): number;
  /** The outcome in words: its class name, or its formatted value. */
  describe(outcome: Outcome): string;
  /** Regression with a range: the band's low and high for an outcome. */
  band?(outcome: Outcome): readonly [number, number] | undefined;
}

function classChart(manifest: ClassificationManifest): ChartModel {
  const { classes, headline } = manifest.outputs;
  const probability = (i: number) => (o: Outcome) => (o as ClassOutcome).probabilities[i] ?? 0;
  const describe = (o: Outcome) => classLabel(manifest, (o as ClassOutcome).label);
  if (manifest.task === 'binary') {
    const positive = positiveClass(manifest);
    const name = headline ?? `Probability of ${classLabel(manifest, positive)}`;
    const series = [
      { key: positive, name, style: 0, read: probability(classes.indexOf(positive)) },
    ];
    return {
      kind: 'class',
      series,
      y: { title: name, domain: [0, 1], ticks: [0, 0.5, 1], format: percent },
      marked: () => 0,
      describe,
    };
  }
  return {
    kind: 'class',
    series: classes.map((c, i) => ({
      key: c,
      name: classLabel(manifest, c),
      style: i % SERIES_STYLES,
      read: probability(i),
    })),
    y: { title: 'Probability', domain: [0, 1], ticks: [0, 0.5, 1], format: percent },
    marked: (o) => classes.indexOf((o as ClassOutcome).label),
    describe,
  };
}

/** Every outcome a what-if result holds: curve points, empty rows, category outcomes. */
function* outcomesOf(whatIf: WhatIf): Generator<Outcome> {
  yield whatIf.current;
  for (const curve of whatIf.numbers) {
    yield* curve.points;
    if (curve.empty) yield curve.empty;
  }
  for (const list of whatIf.categories) yield* list.outcomes;
}

function valueChart(manifest: RegressionManifest, whatIf: WhatIf): ChartModel {
  const { label, format } = manifest.outputs;
  const read = (o: Outcome) => (o as ValueOutcome).value;
  let lo = Infinity;
  let hi = -Infinity;
  for (const o of outcomesOf(whatIf)) {
    const { value, range } = o as ValueOutcome;
    lo = Math.min(lo, range?.low ?? value, value);
    hi = Math.max(hi, range?.high ?? value, value);
  }
  if (!(hi > lo)) [lo, hi] = [lo - Math.abs(lo) * 0.1 - 1, hi + Math.abs(hi) * 0.1 + 1];
  const ticks = niceTicks(lo, hi, 4);
  return {
    kind: 'value',
    series: [{ key: 'value', name: label, style: 0, read }],
    y: {
      title: label,
      domain: [Math.min(lo, ticks[0]!), Math.max(hi, ticks.at(-1)!)],
      ticks,
      format: (v) => formatNumber(v, format),
    },
    marked: () => 0,
    describe: (o) => formatNumber(read(o), format),
    band: (o) => {
      const range = (o as ValueOutcome).range;
      return range ? [range.low, range.high] : undefined;
    },
  };
}

/** The chart model for a what-if result of `manifest`'s model. */
export function chartModel(manifest: ModelManifest, whatIf: WhatIf): ChartModel {
  return isRegression(manifest) ? valueChart(manifest, whatIf) : classChart(manifest);
}
