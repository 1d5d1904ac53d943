// The what-if views of the committed binary and regression models (onnxruntime-web in Node):
// every point must be the model's own answer for the values it stands for, built here
// independently of the plan's rows.
import { describe, expect, it } from 'vitest';
import { predictRows } from '../../src/runtime/predict-rows';
import type { BatchPrediction } from '../../src/runtime/answers';
import { readWhatIfFor, toOutcome, type WhatIf } from '../../src/explain/what-if-curves';
import { planColumns, planWhatIf, ROW_BUDGET } from '../../src/explain/what-if-plan';
import { checkColumns } from '../../src/runtime/check-columns';
import { rowAnswer } from '../../src/runtime/read-answers';
import { chartModel } from '../../src/explain/what-if-series';
import { describeCategories, describeCurve } from '../../src/explain/what-if-summary';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import { isRegression, type ModelManifest } from '../../src/manifest/manifest-types';
import { loadModel, readGolden } from '../fixtures/models';

type Answer = Exclude<BatchPrediction, { error: string }>;

function answered(result: BatchPrediction | undefined): Answer {
  if (!result || 'error' in result) throw new Error(`no prediction: ${JSON.stringify(result)}`);
  return result;
}

async function setUp(id: string, pick: (rows: ModelValues[]) => ModelValues) {
  const { manifest, run, runColumns } = await loadModel(id);
  const golden = readGolden<{ rows: { inputs: ModelValues }[] }>(id).rows.map((r) => r.inputs);
  const values = pick(golden);
  const plan = planWhatIf(manifest, values);
  // The views' own path: the plan by column, checked, run, read row by row.
  const columns = planColumns(manifest, plan);
  checkColumns(manifest.inputs, columns);
  const [output, [current]] = await Promise.all([
    runColumns(columns),
    predictRows(manifest, [values], run),
  ]);
  const results = Array.from({ length: plan.length }, (_, i) => rowAnswer(manifest, output, i));
  const whatIf = readWhatIfFor(manifest, plan, results, answered(current));
  const predict = async (rows: ModelValues[]) =>
    (await predictRows(manifest, rows, run)).map(answered);
  return { manifest, values, plan, whatIf, predict };
}

/** Only what the model said: a point without its x, an outcome without its category. */
function outcomeOf(o: object): Record<string, unknown> {
  const keep = ['label', 'probabilities', 'value', 'range'];
  return Object.fromEntries(Object.entries(o).filter(([k]) => keep.includes(k)));
}

/** Each point and category outcome against a direct prediction of the row it stands for. */
async function expectDirect(
  manifest: ModelManifest,
  values: ModelValues,
  whatIf: WhatIf,
  predict: (rows: ModelValues[]) => Promise<Answer[]>,
): Promise<number> {
  const classes = isRegression(manifest) ? null : manifest.outputs.classes;
  const rows: ModelValues[] = [];
  const shown: unknown[] = [];
  for (const curve of whatIf.numbers) {
    for (const p of curve.points) {
      rows.push({ ...values, [curve.spec.name]: p.x });
      shown.push(outcomeOf(p));
    }
    if (curve.empty) {
      rows.push({ ...values, [curve.spec.name]: null });
      shown.push(curve.empty);
    }
  }
  for (const list of whatIf.categories) {
    for (const o of list.outcomes) {
      rows.push({ ...values, [list.spec.name]: o.category });
      shown.push(outcomeOf(o));
    }
  }
  const direct = (await predict(rows)).map((a) => toOutcome(a, classes));
  expect(shown).toEqual(direct);
  return rows.length;
}

describe('what-if views of the binary model (hr)', async () => {
  const { manifest, values, whatIf, predict, plan } = await setUp('hr', (rows) => rows[0]!);

  it('hold the model’s own answer at every point and category', async () => {
    expect(whatIf.kind).toBe('class');
    expect(await expectDirect(manifest, values, whatIf, predict)).toBeGreaterThan(plan.length);
  });

  it('put the current prediction at the current value of every number input', () => {
    for (const curve of whatIf.numbers)
      expect(curve.points[curve.currentIndex!]).toMatchObject(whatIf.current);
  });

  it('read in the classes’ names, and plot the headline probability', () => {
    const sentences = [
      ...whatIf.numbers.map((c) => describeCurve(c, manifest)),
      ...whatIf.categories.map((c) => describeCategories(c, manifest)),
    ];
    // Classes by their names ("Leaves"), never the model's raw 0/1 labels.
    expect(sentences.join(' ')).toMatch(/Stays|Leaves/);
    expect(sentences.join(' ')).not.toMatch(/(prediction to |would give )[01]\b|\([01]\)/);
    const chart = chartModel(manifest, whatIf);
    expect(chart.series.map((s) => s.name)).toEqual(['Probability of leaving']);
  });
});

describe('what-if views of the regression model (house)', async () => {
  // A golden row with optional inputs left empty, and one with all of them filled in.
  const withEmpty = await setUp('house', (rows) =>
    rows.find((r) => Object.values(r).includes(null))!,
  );
  const filled = await setUp('house', (rows) =>
    rows.find((r) => !Object.values(r).includes(null))!,
  );

  it('stay within the row budget', () => {
    expect(withEmpty.plan.length).toBeLessThanOrEqual(ROW_BUDGET);
    expect(filled.plan.length).toBeLessThanOrEqual(ROW_BUDGET);
  });

  it('hold the model’s own value at every point, empty row and category', async () => {
    for (const { manifest, values, whatIf, predict } of [withEmpty, filled]) {
      expect(whatIf.kind).toBe('value');
      await expectDirect(manifest, values, whatIf, predict);
    }
  });

  it('treat an empty optional input as the form’s own prediction, a filled one as a point', () => {
    const { whatIf, values } = withEmpty;
    for (const curve of whatIf.numbers) {
      if (values[curve.spec.name] === null) {
        expect(curve.currentIndex).toBeUndefined();
        expect(curve.empty).toEqual(whatIf.current);
      } else {
        expect(curve.points[curve.currentIndex!]).toMatchObject(whatIf.current);
      }
    }
    for (const curve of filled.whatIf.numbers)
      expect(curve.empty !== undefined).toBe(curve.spec.optional === true);
  });

  it('are told in the value’s format, on one axis that holds every value and range', () => {
    const { manifest, whatIf } = filled;
    for (const curve of whatIf.numbers) expect(describeCurve(curve, manifest)).toMatch(/\$\d/);
    for (const list of whatIf.categories)
      expect(describeCategories(list, manifest)).toMatch(/\$\d/);
    const chart = chartModel(manifest, whatIf);
    const [lo, hi] = chart.y.domain;
    for (const curve of whatIf.numbers) {
      for (const p of curve.points) {
        const [low, high] = chart.band!(p)!;
        expect(low).toBeGreaterThanOrEqual(lo);
        expect(high).toBeLessThanOrEqual(hi);
      }
    }
  });
});
