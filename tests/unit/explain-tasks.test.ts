// What-if plans, curves, sentences and chart scales for binary and regression models and for
// optional inputs, with hand-made manifests (task-manifests.ts) and a hand-made model: a known
// function of the inputs, so every expected number can be worked out here.
import { describe, expect, it } from 'vitest';
import type { BatchPrediction } from '../../src/runtime/answers';
import { ExplainErrorCode } from '../../src/explain/explain-errors';
import {
  type ClassWhatIf,
  readWhatIf,
  readWhatIfFor,
  type ValueWhatIf,
} from '../../src/explain/what-if-curves';
import {
  DEFAULT_POINTS,
  MIN_POINTS,
  planWhatIf,
  pointsPerInput,
  ROW_BUDGET,
  planRows,
} from '../../src/explain/what-if-plan';
import { chartModel } from '../../src/explain/what-if-series';
import { describeCategories, describeCurve } from '../../src/explain/what-if-summary';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import type { InputSpec, ModelManifest } from '../../src/manifest/manifest-types';
import { valueRange } from '../../src/manifest/outputs';
import { binaryManifest, regressionManifest } from './task-manifests';

const prices = regressionManifest();
const attrition = binaryManifest();
const filled = { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };
const empty = { ...filled, BP: null, Na_to_K: null };

/** The hand-made price model: Na_to_K empty counts as its imputed 13.9, BP empty as HIGH. */
function price(row: ModelValues): number {
  const na = row.Na_to_K === null ? 13.9 : Number(row.Na_to_K);
  const bp = { HIGH: 30_000, LOW: 0, NORMAL: 10_000 }[String(row.BP ?? 'HIGH')]!;
  return 100_000 + 1_000 * Number(row.Age) + 2_000 * na + bp;
}

function pricesAnswer(rows: readonly ModelValues[]): BatchPrediction[] {
  return rows.map((row) => {
    const value = price(row);
    return { value, range: valueRange(prices.outputs, value)! };
  });
}

function priceWhatIf(values: ModelValues): ValueWhatIf {
  const plan = planWhatIf(prices, values);
  const value = price(values);
  return readWhatIfFor(prices, plan, pricesAnswer(planRows(plan)), {
    value,
    range: valueRange(prices.outputs, value)!,
  }) as ValueWhatIf;
}

/** The hand-made attrition model: leaves (class "1") when Age < 30 or Na_to_K > 20. */
function leaving(row: ModelValues): number {
  return Number(row.Age) < 30 || Number(row.Na_to_K) > 20 ? 0.8 : 0.1;
}

function attritionWhatIf(values: ModelValues): ClassWhatIf {
  const plan = planWhatIf(attrition, values);
  const answer = (row: ModelValues) => {
    const p = leaving(row);
    return { label: p > 0.5 ? '1' : '0', probabilities: { '0': 1 - p, '1': p } };
  };
  return readWhatIfFor(attrition, plan, planRows(plan).map(answer), answer(values)) as ClassWhatIf;
}

describe('the what-if plan with optional inputs', () => {
  it('sweeps an empty number input without a current point, and tries no empty row for it', () => {
    const plan = planWhatIf(prices, empty);
    const na = plan.numbers.find((s) => s.spec.name === 'Na_to_K')!;
    expect(na.currentIndex).toBeUndefined();
    expect(na.emptyRow).toBeUndefined();
    expect(na.xs[0]).toBe(na.spec.min);
    expect(na.xs.at(-1)).toBe(na.spec.max);
    expect(planRows(plan)[na.start]).toEqual({ ...empty, Na_to_K: na.spec.min });
    // An empty category input tries every category, and "empty" is the current one.
    const bp = plan.categories.find((s) => s.spec.name === 'BP')!;
    expect(bp.alternatives).toEqual(['HIGH', 'LOW', 'NORMAL']);
  });

  it('adds the row with the input left empty when an optional input has a value', () => {
    const plan = planWhatIf(prices, filled);
    const na = plan.numbers.find((s) => s.spec.name === 'Na_to_K')!;
    expect(na.xs[na.currentIndex!]).toBe(14);
    expect(planRows(plan)[na.emptyRow!]).toEqual({ ...filled, Na_to_K: null });
    const bp = plan.categories.find((s) => s.spec.name === 'BP')!;
    expect(bp.alternatives).toEqual(['LOW', 'NORMAL', null]);
    expect(planRows(plan)[bp.start + 2]).toEqual({ ...filled, BP: null });
    // Required inputs get no empty row.
    expect(plan.numbers.find((s) => s.spec.name === 'Age')!.emptyRow).toBeUndefined();
    expect(plan.categories.find((s) => s.spec.name === 'Sex')!.alternatives).toEqual(['M']);
  });
});

describe('the row budget', () => {
  /** `n` copies of the drug model's Age input under other names. */
  function wide(n: number): ModelManifest {
    const age = prices.inputs.find((s) => s.name === 'Age')!;
    const inputs: InputSpec[] = Array.from({ length: n }, (_, i) => ({ ...age, name: `x${i}` }));
    return { ...prices, inputs };
  }
  const valuesOf = (m: ModelManifest) => Object.fromEntries(m.inputs.map((s) => [s.name, 47]));

  it('leaves a small model at the full resolution', () => {
    expect(pointsPerInput(prices, filled)).toBe(DEFAULT_POINTS);
  });

  it('shares the budget between many number inputs, never below the minimum', () => {
    const m = wide(10);
    const points = pointsPerInput(m, valuesOf(m));
    expect(points).toBe(Math.floor(ROW_BUDGET / 10) - 1);
    // Age has 60 whole years: 60 points or fewer, the current value among them.
    const plan = planWhatIf(m, valuesOf(m));
    expect(planRows(plan).length).toBeLessThanOrEqual(ROW_BUDGET);
    const many = wide(40);
    expect(pointsPerInput(many, valuesOf(many))).toBe(MIN_POINTS);
  });

  it('counts category rows and empty rows as fixed costs', () => {
    // Drug inputs: 2 numbers; Sex (1 other), BP (2 others + empty), Cholesterol (1): 5 fixed
    // rows, plus Na_to_K's empty row.
    const plan = planWhatIf(prices, filled);
    const sweeps = plan.numbers.reduce((n, s) => n + s.xs.length, 0);
    expect(planRows(plan).length - sweeps).toBe(6);
  });
});

describe('what-if curves of a regression model', () => {
  it('hold the value (and its range) at every point, the empty row and each category', () => {
    const whatIf = priceWhatIf(filled);
    expect(whatIf.kind).toBe('value');
    for (const curve of whatIf.numbers) {
      for (const p of curve.points) {
        expect(p.value).toBe(price({ ...filled, [curve.spec.name]: p.x }));
        expect(p.range).toEqual(valueRange(prices.outputs, p.value));
      }
    }
    const na = whatIf.numbers.find((c) => c.spec.name === 'Na_to_K')!;
    expect(na.empty?.value).toBe(price({ ...filled, Na_to_K: null }));
    const bp = whatIf.categories.find((c) => c.spec.name === 'BP')!;
    expect(bp.outcomes.map((o) => [o.category, o.current, o.value])).toEqual([
      ['HIGH', true, price(filled)],
      ['LOW', false, price({ ...filled, BP: 'LOW' })],
      ['NORMAL', false, price({ ...filled, BP: 'NORMAL' })],
      [null, false, price({ ...filled, BP: null })],
    ]);
  });

  it('use the form’s prediction for an input that is empty now', () => {
    const whatIf = priceWhatIf(empty);
    const na = whatIf.numbers.find((c) => c.spec.name === 'Na_to_K')!;
    expect(na.currentIndex).toBeUndefined();
    expect(na.empty).toEqual(whatIf.current);
    const bp = whatIf.categories.find((c) => c.spec.name === 'BP')!;
    expect(bp.outcomes.find((o) => o.current)!.category).toBeNull();
  });

  it('are summarised by where the value is lowest and highest, formatted as the manifest says', () => {
    const whatIf = priceWhatIf(filled);
    const [age, na] = whatIf.numbers;
    expect(describeCurve(age!, prices)).toBe(
      'As Age goes from 15 to 74 years, the prediction is lowest at 15 ($173,000) and highest at 74 ($232,000); now $205,000 at 47.',
    );
    expect(describeCurve(na!, prices)).toBe(
      'As Sodium-to-potassium ratio goes from 6.269 to 38.247, the prediction is lowest at 6.269 ($189,538) and highest at 38.247 ($253,494); now $205,000 at 14. Left empty: $204,800.',
    );
  });

  it('write input values in the input’s own format when it has one', () => {
    const whatIf = priceWhatIf(filled);
    const age = whatIf.numbers[0]!;
    const thousands = { ...age, spec: { ...age.spec, format: { style: 'decimal' as const } } };
    const points = age.points.map((p) => ({ ...p, x: p.x * 1000 }));
    expect(describeCurve({ ...thousands, points }, prices)).toBe(
      'As Age goes from 15,000 to 74,000 years, the prediction is lowest at 15,000 ($173,000) and highest at 74,000 ($232,000); now $205,000 at 47,000.',
    );
  });

  it('say what the model fills in for an empty input, and what filling it would give', () => {
    const whatIf = priceWhatIf({ ...empty, Age: 20 });
    const na = whatIf.numbers.find((c) => c.spec.name === 'Na_to_K')!;
    expect(describeCurve(na, prices)).toMatch(
      /^Sodium-to-potassium ratio is empty \(the model then uses 13\.9, the median\): \$177,800\. Filled in, from [\d.]+ to [\d.]+, the prediction is lowest at [\d.]+ \(\$[\d,]+\) and highest at [\d.]+ \(\$[\d,]+\)\.$/,
    );
  });

  it('name each other category’s value, or the ends when there are many', () => {
    const whatIf = priceWhatIf(filled);
    const bp = whatIf.categories.find((c) => c.spec.name === 'BP')!;
    expect(describeCategories(bp, prices)).toBe(
      'Blood pressure Low instead of High ($205,000) would give $175,000; Normal would give $185,000; empty would give $205,000.',
    );
    const many = {
      ...bp,
      outcomes: ['A', 'B', 'C', 'D', 'E', 'F'].map((category, i) => ({
        category,
        current: i === 2,
        value: 1000 * (i + 1),
      })),
    };
    expect(describeCategories(many, prices)).toBe(
      'Blood pressure other than C ($3,000) would give from $1,000 (A) to $6,000 (F).',
    );
  });

  it('say so when an input does not move the value', () => {
    const whatIf = priceWhatIf(filled);
    const flat = {
      ...whatIf.numbers[0]!,
      points: whatIf.numbers[0]!.points.map((p) => ({ ...p, value: 150_000.2 })),
    };
    expect(describeCurve(flat, prices)).toBe(
      'From 15 to 74 years, Age does not change the prediction ($150,000).',
    );
  });

  it('share one y axis in the value’s format, wide enough for every range', () => {
    const whatIf = priceWhatIf(filled);
    const chart = chartModel(prices, whatIf);
    expect(chart.kind).toBe('value');
    expect(chart.series.map((s) => s.name)).toEqual(['Sale price']);
    expect(chart.y.title).toBe('Sale price');
    const lowest = Math.min(...whatIf.numbers.flatMap((c) => c.points.map((p) => p.range!.low)));
    const highest = Math.max(...whatIf.numbers.flatMap((c) => c.points.map((p) => p.range!.high)));
    expect(chart.y.domain[0]).toBeLessThanOrEqual(lowest);
    expect(chart.y.domain[1]).toBeGreaterThanOrEqual(highest);
    expect(chart.y.ticks.length).toBeGreaterThanOrEqual(2);
    expect(chart.y.ticks.map(chart.y.format).every((t) => /^\$\d{3},000$/.test(t))).toBe(true);
    expect(chart.describe(whatIf.current)).toBe('$205,000');
    expect(chart.band!(whatIf.current)).toEqual([205_000 * 0.85, 205_000 * 1.15]);
  });

  it('refuse class answers for a regression model', () => {
    const plan = planWhatIf(prices, filled);
    const wrong = planRows(plan).map(() => ({ label: 'x', probabilities: { x: 1 } }));
    expect(() => readWhatIf(plan, wrong, null, { value: 1 })).toThrow(
      expect.objectContaining({ code: ExplainErrorCode.WhatIfInvalid }),
    );
  });
});

describe('what-if curves of a binary model', () => {
  it('plot only the headline class’s probability, on a percent axis', () => {
    const whatIf = attritionWhatIf(filled);
    const chart = chartModel(attrition, whatIf);
    expect(chart.series.map((s) => [s.key, s.name])).toEqual([['1', 'Probability of leaving']]);
    expect(chart.y.title).toBe('Probability of leaving');
    expect(chart.y.ticks.map(chart.y.format)).toEqual(['0%', '50%', '100%']);
    const age = whatIf.numbers[0]!;
    expect(age.points.map((p) => chart.series[0]!.read(p))).toEqual(
      age.points.map((p) => leaving({ ...filled, Age: p.x })),
    );
    expect(chart.describe(whatIf.current)).toBe('Stays');
  });

  it('name the classes by their labels in the sentences', () => {
    const whatIf = attritionWhatIf(filled);
    expect(describeCurve(whatIf.numbers[0]!, attrition)).toBe(
      'Age below 30 switches the prediction to Leaves.',
    );
    expect(describeCurve(whatIf.numbers[1]!, attrition)).toBe(
      'Sodium-to-potassium ratio above about 20 switches the prediction to Leaves.',
    );
  });
});

describe('a class model’s curve for an input left empty', () => {
  it('lists what each stretch of the range would give', () => {
    const optional = {
      ...attrition,
      inputs: attrition.inputs.map((s) =>
        s.name === 'Na_to_K' && s.type === 'number'
          ? { ...s, optional: true, missing: { value: 13.9, strategy: 'median' } }
          : s,
      ),
    };
    const plan = planWhatIf(optional, { ...filled, Na_to_K: null });
    const answer = (row: ModelValues) => {
      const p = row.Na_to_K !== null && Number(row.Na_to_K) > 20 ? 0.8 : 0.1;
      return { label: p > 0.5 ? '1' : '0', probabilities: { '0': 1 - p, '1': p } };
    };
    const whatIf = readWhatIf(plan, planRows(plan).map(answer), ['0', '1'], {
      label: '0',
      probabilities: [0.9, 0.1],
    });
    const na = whatIf.numbers[1]!;
    const last = na.points.filter((p) => p.label === '0').at(-1)!.x;
    const first = na.points.find((p) => p.label === '1')!.x;
    expect(describeCurve(na, optional)).toBe(
      `Sodium-to-potassium ratio is empty (the model then uses 13.9, the median): Stays. Filled in: Stays from ${na.points[0]!.x} to ${last}; Leaves from ${first} to ${na.points.at(-1)!.x}.`,
    );
  });
});
