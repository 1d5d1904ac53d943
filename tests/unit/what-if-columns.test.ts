// The what-if views' path to the model: the plan laid out by column on the page, checked and
// run in the worker core, against the same rows as objects through predictBatch.
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../src/errors';
import { planColumns, planWhatIf, planRows } from '../../src/explain/what-if-plan';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import type { ModelManifest } from '../../src/manifest/manifest-types';
import { checkColumns } from '../../src/runtime/check-columns';
import { allocateColumns, columnsOf, type InputColumns } from '../../src/runtime/feeds';
import { rowAnswer } from '../../src/runtime/read-answers';
import { createPredictorCore } from '../../src/worker/predictor-core';
import { loadModel, readGolden, readManifest } from '../fixtures/models';

// The downloads only are replaced: the committed model, run by onnxruntime-web (see batch-api).
vi.mock('../../src/runtime/model-loader', () => ({
  async loadModel(url: string) {
    const id = url.split('/').at(-2)!;
    const { manifest, session } = await loadModel(id);
    return { manifest, session };
  },
}));

const goldenInputs = (id: string) =>
  readGolden<{ rows: { inputs: ModelValues }[] }>(id).rows.map((r) => r.inputs);

async function core(id: string) {
  const predictor = createPredictorCore();
  const manifest = readManifest(id);
  await predictor.load({ modelDirUrl: `https://example.org/models/${id}/`, manifest });
  return { predictor, manifest };
}

describe('a what-if plan by column', () => {
  it.each(['drug', 'hr', 'house'])(
    'holds the plan’s rows and gets their predictBatch answers (%s)',
    async (id) => {
      const { predictor, manifest } = await core(id);
      // A row with an optional input left empty, when the model has one, and one without.
      const rows = goldenInputs(id);
      for (const values of [rows[0]!, rows.find((r) => Object.values(r).includes(null))]) {
        if (!values) continue;
        const plan = planWhatIf(manifest, values);
        const columns = planColumns(manifest, plan);
        expect(columns).toEqual(columnsOf(manifest.inputs, planRows(plan)));
        const output = await predictor.predictColumns(columns);
        const answers = Array.from({ length: plan.length }, (_, i) =>
          rowAnswer(manifest, output, i),
        );
        expect(answers).toEqual(await predictor.predictBatch(planRows(plan)));
      }
    },
  );
});

describe('columns the worker refuses', () => {
  const drug = readManifest('drug');
  const house = readManifest('house');
  const valid = (manifest: ModelManifest): InputColumns =>
    planColumns(manifest, planWhatIf(manifest, goldenInputs(manifest.id)[0]!));
  const edit = (
    columns: InputColumns,
    j: number,
    change: (v: Float64Array | Int32Array) => void,
  ) => {
    const values = columns.values.map((v) => v.slice());
    change(values[j]!);
    return { length: columns.length, values };
  };
  const index = (manifest: ModelManifest, name: string) =>
    manifest.inputs.findIndex((s) => s.name === name);
  const optional = house.inputs.findIndex((s) => s.optional && s.type === 'number');
  const optionalCategory = house.inputs.findIndex((s) => s.optional && s.type === 'category');

  it('accepts the plan’s own columns, empty optional inputs included', () => {
    expect(() => checkColumns(drug.inputs, valid(drug))).not.toThrow();
    const emptied = edit(valid(house), optional, (v) => v.fill(NaN));
    const noCategory = edit(emptied, optionalCategory, (v) => v.fill(-1));
    expect(() => checkColumns(house.inputs, noCategory)).not.toThrow();
  });

  it.each([
    [
      'a required number left empty',
      (c: InputColumns) => edit(c, index(drug, 'Age'), (v) => (v[3] = NaN)),
      /Age is empty in row 3/,
    ],
    [
      'a number float32 cannot hold',
      (c: InputColumns) => edit(c, index(drug, 'Na_to_K'), (v) => (v[0] = 1e39)),
      /Na_to_K holds 1e\+39 in row 0/,
    ],
    [
      'an infinite number',
      (c: InputColumns) => edit(c, index(drug, 'Age'), (v) => (v[1] = Infinity)),
      /Age holds Infinity/,
    ],
    [
      'a required category left empty',
      (c: InputColumns) => edit(c, index(drug, 'BP'), (v) => (v[2] = -1)),
      /BP is empty in row 2/,
    ],
    [
      'a category index past the list',
      (c: InputColumns) => edit(c, index(drug, 'Sex'), (v) => (v[0] = 2)),
      /Sex holds 2 in row 0/,
    ],
    [
      'a column too short',
      (c: InputColumns) => ({
        length: c.length,
        values: c.values.map((v, j) => (j === 0 ? v.subarray(1) : v)),
      }),
      /Age is not a Float64Array of/,
    ],
    [
      'numbers where indexes belong',
      (c: InputColumns) => ({
        length: c.length,
        values: c.values.map((v) => Float64Array.from(v)),
      }),
      /Sex is not a Int32Array/,
    ],
    [
      'a column missing',
      (c: InputColumns) => ({ length: c.length, values: c.values.slice(1) }),
      /4 columns for 5 inputs/,
    ],
  ])('%s', (_, change, message) => {
    let thrown: unknown;
    try {
      checkColumns(drug.inputs, change(valid(drug)));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: ErrorCode.InputInvalid, message });
  });

  it('refuses them through the worker core, with the code the page reads', async () => {
    const { predictor } = await core('drug');
    const columns = allocateColumns(drug.inputs, 2); // zeros: Age 0 is fine, Na_to_K too…
    columns.values[index(drug, 'Age')]![1] = NaN; // …but Age is required
    await expect(predictor.predictColumns(columns)).rejects.toMatchObject({
      code: ErrorCode.InputInvalid,
    });
  });
});
