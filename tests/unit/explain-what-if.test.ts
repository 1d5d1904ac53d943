import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictRows } from '../../src/runtime/predict-rows';
import { walkTree } from '../../src/explain/decision-path';
import { parseTree } from '../../src/explain/decision-tree';
import { ExplainErrorCode } from '../../src/explain/explain-errors';
import { type ClassOutcome, type ClassWhatIf, readWhatIf } from '../../src/explain/what-if-curves';
import { planWhatIf, sampleRange, planRows } from '../../src/explain/what-if-plan';
import {
  axisTitle,
  describeCategories,
  describeCurve,
  labelChanges,
} from '../../src/explain/what-if-summary';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import { loadDrugModel } from '../fixtures/models';
import { numberSpec, realManifest } from './helpers';

const manifest = realManifest();
const tutorial = { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };

/** The what-if views for `values`, predicted by the real model (onnxruntime-web in Node). */
async function whatIfFor(values: ModelValues): Promise<ClassWhatIf> {
  const { run } = await loadDrugModel();
  const plan = planWhatIf(manifest, values);
  const [results, [current]] = await Promise.all([
    predictRows(manifest, planRows(plan), run),
    predictRows(manifest, [values], run),
  ]);
  const classes = manifest.outputs.classes;
  const here = current as { label: string; probabilities: Record<string, number> };
  const outcome: ClassOutcome = {
    label: here.label,
    probabilities: classes.map((c) => here.probabilities[c]!),
  };
  return readWhatIf(plan, results, classes, outcome);
}

describe('sampling a number input', () => {
  it('takes every step when the range has few (Age: each whole year)', () => {
    const { xs, currentIndex } = sampleRange(numberSpec(manifest, 'Age'), 47);
    expect(xs).toHaveLength(60);
    expect(xs[0]).toBe(15);
    expect(xs.at(-1)).toBe(74);
    expect(xs.every(Number.isInteger)).toBe(true);
    expect(xs[currentIndex!]).toBe(47);
  });

  it('spreads 120 values on the step grid otherwise, plus the current value', () => {
    const spec = numberSpec(manifest, 'Na_to_K');
    const { xs, currentIndex } = sampleRange(spec, 14.1234);
    expect(xs).toHaveLength(121);
    expect(xs[0]).toBe(spec.min);
    expect(xs.at(-1)).toBe(spec.max);
    expect(xs[currentIndex!]).toBe(14.1234);
    for (const [i, x] of xs.entries()) {
      if (i > 0) expect(x).toBeGreaterThan(xs[i - 1]!);
      if (i !== currentIndex) expect(Number(x.toFixed(3))).toBe(x);
    }
  });

  it('widens the range to show a current value outside it', () => {
    const { xs, currentIndex } = sampleRange(numberSpec(manifest, 'Age'), 90);
    expect(xs.at(-1)).toBe(90);
    expect(currentIndex).toBe(xs.length - 1);
  });
});

describe('the what-if plan', () => {
  it('asks for every sweep in one batch, the other inputs held', () => {
    const plan = planWhatIf(manifest, tutorial);
    expect(planRows(plan)).toHaveLength(60 + 121 + 1 + 2 + 1);
    for (const sweep of plan.numbers) {
      sweep.xs.forEach((x, i) => {
        expect(planRows(plan)[sweep.start + i]).toEqual({ ...tutorial, [sweep.spec.name]: x });
      });
    }
    const bp = plan.categories.find((c) => c.spec.name === 'BP')!;
    expect(bp.alternatives).toEqual(['LOW', 'NORMAL']);
    expect(planRows(plan).slice(bp.start, bp.start + 2)).toEqual([
      { ...tutorial, BP: 'LOW' },
      { ...tutorial, BP: 'NORMAL' },
    ]);
  });
});

describe('what-if curves from the real model', () => {
  it('agree with the exported tree at every point', async () => {
    const tree = parseTree(
      JSON.parse(
        readFileSync(new URL('../../public/models/drug/tree.json', import.meta.url), 'utf8'),
      ),
      manifest,
      'tree.json',
    );
    const whatIf = await whatIfFor(tutorial);
    for (const curve of whatIf.numbers) {
      for (const point of curve.points) {
        const leaf = walkTree(tree, { ...tutorial, [curve.spec.name]: point.x }).leaf;
        expect(point.label).toBe(leaf.label);
        expect(point.probabilities).toEqual(leaf.probabilities);
      }
    }
    for (const list of whatIf.categories) {
      for (const o of list.outcomes) {
        expect(o.label).toBe(
          walkTree(tree, { ...tutorial, [list.spec.name]: o.category }).leaf.label,
        );
      }
    }
  });

  it('put the current prediction at the current value', async () => {
    const whatIf = await whatIfFor(tutorial);
    for (const curve of whatIf.numbers) {
      const here = curve.points[curve.currentIndex!]!;
      expect(here.x).toBe(tutorial[curve.spec.name as 'Age' | 'Na_to_K']);
      expect(here.label).toBe(whatIf.current.label);
      expect(here.probabilities).toEqual(whatIf.current.probabilities);
    }
    const bp = whatIf.categories.find((c) => c.spec.name === 'BP')!;
    expect(bp.outcomes.map((o) => [o.category, o.label, o.current])).toEqual([
      ['HIGH', 'drugA', true],
      ['LOW', 'drugC', false],
      ['NORMAL', 'drugX', false],
    ]);
  });

  it('are summarised where the predicted label changes', async () => {
    const whatIf = await whatIfFor(tutorial);
    const [age, na] = whatIf.numbers;
    // 120 points 0.27 apart: the change lies between two of them, and the sentence says "about".
    const [change] = labelChanges(na!);
    expect(change).toEqual({ direction: 'above', at: 14.7, approximate: true, label: 'DrugY' });
    const i = na!.points.findIndex((p) => p.label === 'DrugY');
    expect(na!.points[i - 1]!.x).toBeLessThanOrEqual(14.7);
    expect(na!.points[i - 1]!.x).toBeLessThan(Math.fround(14.8285));
    expect(na!.points[i]!.x).toBeGreaterThan(Math.fround(14.8285));
    expect(describeCurve(na!, manifest)).toBe(
      'Sodium-to-potassium ratio above about 14.7 switches the prediction to Drug Y.',
    );
    // Ages are whole years, every one sampled: the change point is exact.
    expect(describeCurve(age!, manifest)).toBe('Age above 50 switches the prediction to Drug B.');

    const older = await whatIfFor({ ...tutorial, Age: 60 });
    expect(describeCurve(older.numbers[0]!, manifest)).toBe(
      'Age below 51 switches the prediction to Drug A.',
    );
  });

  it('say so when an input does not change the prediction', async () => {
    const whatIf = await whatIfFor({ ...tutorial, Na_to_K: 25 });
    expect(describeCurve(whatIf.numbers[0]!, manifest)).toBe(
      'From 15 to 74 years, Age does not change the prediction (Drug Y).',
    );
    const [sex, bp, cholesterol] = whatIf.categories;
    expect(describeCategories(sex!, manifest)).toBe(
      'Sex Male instead of Female would not change the prediction.',
    );
    expect(describeCategories(bp!, manifest)).toBe(
      'Blood pressure Low or Normal instead of High would not change the prediction.',
    );
    expect(describeCategories(cholesterol!, manifest)).toContain('would not change');
  });

  it('name each category that changes the prediction', async () => {
    const whatIf = await whatIfFor(tutorial);
    expect(describeCategories(whatIf.categories[1]!, manifest)).toBe(
      'Blood pressure Low instead of High would give Drug C; Normal would give Drug X.',
    );
    const lowBp = await whatIfFor({ ...tutorial, BP: 'LOW', Cholesterol: 'NORMAL' });
    expect(describeCategories(lowBp.categories[2]!, manifest)).toBe(
      'Cholesterol High instead of Normal would give Drug C.',
    );
  });

  it('label the axis with the unit unless the label already says it', async () => {
    const whatIf = await whatIfFor(tutorial);
    expect(whatIf.numbers.map(axisTitle)).toEqual(['Age (years)', 'Sodium-to-potassium ratio']);
  });

  it('refuse answers that do not match the rows asked', () => {
    const plan = planWhatIf(manifest, tutorial);
    const outcome: ClassOutcome = { label: 'drugA', probabilities: [0, 1, 0, 0, 0] };
    const classes = manifest.outputs.classes;
    expect(() => readWhatIf(plan, [], classes, outcome)).toThrow(
      expect.objectContaining({ code: ExplainErrorCode.WhatIfInvalid }),
    );
    const withError = planRows(plan).map(() => ({ error: 'Age: missing', issues: [] }));
    expect(() => readWhatIf(plan, withError, classes, outcome)).toThrow(/Age: missing/);
  });
});
