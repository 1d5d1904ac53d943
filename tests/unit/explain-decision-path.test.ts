import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeStep, nearestCrossing, walkTree } from '../../src/explain/decision-path';
import { type DecisionTree, parseTree } from '../../src/explain/decision-tree';
import { ExplainErrorCode } from '../../src/explain/explain-errors';
import { loadTree } from '../../src/explain/load-tree';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import type { ModelManifest } from '../../src/manifest/manifest-types';
import { predictRows } from '../../src/runtime/predict-rows';
import { loadDrugModel } from '../fixtures/models';
import { numberSpec, realManifest } from './helpers';

const root = new URL('../../', import.meta.url);
const URL_ = 'models/drug/tree.json';

function readTreeJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('public/models/drug/tree.json', root), 'utf8'));
}

interface GoldenRow {
  readonly note: string;
  readonly kind: string;
  readonly inputs: ModelValues;
  readonly label: string;
  readonly probabilities: readonly number[];
}

const golden = JSON.parse(
  readFileSync(new URL('public/models/drug/golden.json', root), 'utf8'),
) as { rows: GoldenRow[] };
const manifest = realManifest();
const tree = parseTree(readTreeJson(), manifest, URL_);
const tutorial = { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };

describe('the decision path', () => {
  it('ends, for every golden row, in a leaf of the label the model predicts', () => {
    expect(golden.rows).toHaveLength(226);
    for (const row of golden.rows) {
      const { leaf } = walkTree(tree, row.inputs);
      expect(leaf.label, row.note).toBe(row.label);
      expect(leaf.probabilities, row.note).toEqual(row.probabilities);
    }
  });

  it('compares in float32 as onnxruntime does: 14.8285 rounds onto the threshold', async () => {
    // In float64, 14.8285 is above the threshold 14.82849979…; as the float32 the model
    // receives, it is the threshold itself, so it goes left. The real model agrees.
    const rows = [14.8285, 14.82849, 14.8286].map((Na_to_K) => ({ ...tutorial, Na_to_K }));
    const { manifest: m, run } = await loadDrugModel();
    const model = await predictRows(m, rows, run);
    expect(rows.map((r) => walkTree(tree, r).leaf.label)).toEqual(
      model.map((p) => ('label' in p ? p.label : 'error' in p ? p.error : p.value)),
    );
    expect(walkTree(tree, rows[0]!).leaf.label).toBe('drugA');
  });

  it('reads the tutorial row in words, with the thresholds of the exported model', () => {
    const path = walkTree(tree, tutorial);
    expect(path.steps.map((s) => describeStep(s, manifest).text)).toEqual([
      'Sodium-to-potassium ratio = 14 ≤ 14.83',
      'Blood pressure = High',
      'Age = 47 ≤ 50.5',
    ]);
    expect(path.leaf.label).toBe('drugA');
    expect(path.steps.map((s) => s.feature.name)).toEqual(['Na_to_K', 'BP_HIGH', 'Age']);
  });

  it('says which category a one-hot split ruled out', () => {
    const path = walkTree(tree, { ...tutorial, BP: 'LOW' });
    expect(describeStep(path.steps[1]!, manifest).text).toBe('Blood pressure = Low, not High');
    expect(path.leaf.label).toBe('drugC');
  });

  it('never rounds a threshold so far that the comparison reads wrong', () => {
    // 14.829 is above the float32 threshold 14.82849979…, and must not read "> 14.83".
    const above = walkTree(tree, { ...tutorial, Na_to_K: 14.829 });
    expect(describeStep(above.steps[0]!, manifest).text).toBe(
      'Sodium-to-potassium ratio = 14.829 > 14.828',
    );
    const below = walkTree(tree, { ...tutorial, Na_to_K: 14.8285 });
    expect(describeStep(below.steps[0]!, manifest).text).toBe(
      'Sodium-to-potassium ratio = 14.8285 ≤ 14.83',
    );
  });

  it('shows a value as its float32 when only that explains the branch taken', () => {
    const step = {
      node: { id: 0, feature: 7, mode: 'LEQ', value: 50.5, true: 1, false: 2 },
      feature: { name: 'Age', input: 'Age' },
      value: 50.500001, // float32 50.5: on the threshold, so ≤
      tookTrue: true,
    } as const;
    expect(describeStep(step, manifest).text).toBe('Age = 50.500001 (50.5 as float32) ≤ 50.5');
  });
});

describe('the nearest threshold that changes the outcome', () => {
  it('is Na_to_K for the tutorial row: just above 14.828, Drug Y', () => {
    const crossing = nearestCrossing(tree, manifest, tutorial)!;
    expect(crossing.spec.name).toBe('Na_to_K');
    expect(crossing).toMatchObject({ from: 14, to: 14.829, threshold: '14.828', relation: '>' });
    expect(crossing.leaf.label).toBe('DrugY');
  });

  it('is Age when it is the closer one, relative to the training range', () => {
    const crossing = nearestCrossing(tree, manifest, { ...tutorial, Age: 50, Na_to_K: 8 })!;
    expect(crossing).toMatchObject({ from: 50, to: 51, threshold: '50.5', relation: '>' });
    expect(crossing.leaf.label).toBe('drugB');
  });

  it('for every training row: the value just across gives its outcome, one step back does not', () => {
    let found = 0;
    for (const row of golden.rows.filter((r) => r.kind === 'training')) {
      const crossing = nearestCrossing(tree, manifest, row.inputs);
      if (!crossing) continue;
      found++;
      const { spec, to, from } = crossing;
      const there = walkTree(tree, { ...row.inputs, [spec.name]: to });
      expect(there.leaf.label, row.note).toBe(crossing.leaf.label);
      expect(there.leaf.label, row.note).not.toBe(row.label);
      const back = to + (to > from ? -spec.step : spec.step);
      const before = walkTree(tree, { ...row.inputs, [spec.name]: Number(back.toFixed(3)) });
      expect(before.leaf.label, row.note).toBe(row.label);
    }
    expect(found).toBeGreaterThan(150);
  });

  it('is the smallest change among the thresholds that change the outcome', () => {
    const row = { ...tutorial, Age: 30, Na_to_K: 14.5 };
    const crossing = nearestCrossing(tree, manifest, row)!;
    const na = numberSpec(manifest, 'Na_to_K');
    const age = numberSpec(manifest, 'Age');
    expect(crossing.spec.name).toBe('Na_to_K');
    expect(crossing.distance).toBeCloseTo((14.829 - 14.5) / (na.max - na.min), 9);
    expect(crossing.distance).toBeLessThan((51 - 30) / (age.max - age.min));
  });
});

describe('reading tree.json', () => {
  const bad = (change: (json: Record<string, unknown>) => void) => () => {
    const json = readTreeJson();
    change(json);
    return parseTree(json, manifest, URL_);
  };
  const nodes = (json: Record<string, unknown>) => json.nodes as Record<string, unknown>[];

  it.each([
    [
      'another model',
      (j: Record<string, unknown>) => (j.modelSha256 = '0'.repeat(64)),
      /another model/,
    ],
    ['other classes', (j: Record<string, unknown>) => (j.classes = ['a', 'b']), /classes differ/],
    [
      'a missing child',
      (j: Record<string, unknown>) => (nodes(j)[0]!.true = 99),
      /node 99 is referenced/,
    ],
    ['a cycle', (j: Record<string, unknown>) => (nodes(j)[1]!.true = 0), /reached twice/],
    [
      'an unknown mode',
      (j: Record<string, unknown>) => (nodes(j)[0]!.mode = 'ABOUT'),
      /unknown mode/,
    ],
    [
      'an unknown category',
      (j: Record<string, unknown>) =>
        ((j.features as Record<string, unknown>[])[2]!.category = 'VERY HIGH'),
      /no category of BP/,
    ],
  ])('refuses %s', (_, change, message) => {
    expect(bad(change)).toThrow(message);
    try {
      bad(change)();
    } catch (error) {
      expect((error as { code: string }).code).toBe(ExplainErrorCode.TreeInvalid);
    }
  });

  it('fetches the manifest’s tree file once per model and reports a failed fetch', async () => {
    const dir = 'https://example.org/models/drug/';
    let calls = 0;
    const fetcher = (async (url: string) => {
      calls++;
      expect(url).toBe(`${dir}tree.json`);
      return new Response(JSON.stringify(readTreeJson()));
    }) as typeof fetch;
    const first: DecisionTree = await loadTree(manifest, dir, fetcher);
    await loadTree(manifest, dir, fetcher);
    expect(calls).toBe(1);
    expect(first.nodes.size).toBe(11);

    const missing = (async () => new Response('', { status: 404 })) as typeof fetch;
    await expect(loadTree(manifest, 'https://example.org/other/', missing)).rejects.toMatchObject({
      code: ExplainErrorCode.TreeFetchFailed,
      message: expect.stringContaining('HTTP 404'),
    });
    const noTree = {
      ...manifest,
      training: { ...manifest.training, tree: undefined },
    } as unknown as ModelManifest;
    await expect(loadTree(noTree, dir, fetcher)).rejects.toMatchObject({
      code: ExplainErrorCode.TreeFetchFailed,
    });
  });
});
