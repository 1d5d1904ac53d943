// Manifests that are schema-valid but hostile (issue 14, failure 5 and the built-in names): number
// formats Intl refuses are MANIFEST_INVALID with their place, and class or category names such
// as `__proto__` or `constructor` are plain data from the model's run to the page's words.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvLine } from '../../src/csv/write-csv';
import { ErrorCode, FormcastError } from '../../src/errors';
import { formatNumber, metricFormatter } from '../../src/format/format';
import { historyCsv } from '../../src/history/history-csv';
import { toHistoryEntry } from '../../src/history/history-entry';
import { validateInputs } from '../../src/inputs/validate-inputs';
import type { ClassificationManifest } from '../../src/manifest/manifest-types';
import { classLabel } from '../../src/manifest/manifest-types';
import { parseManifest } from '../../src/manifest/parse-manifest';
import { predictRows } from '../../src/runtime/predict-rows';
import { announcement } from '../../src/components/formcast-result/describe-result';
import { predictDetail } from '../../src/events/formcast-events';
import {
  builtinManifest,
  builtinModelBytes,
  RENAMED_BP,
} from '../fixtures/builtin-names/builtin-names';
import { type LoadedTestModel, loadModelBytes, readManifest } from '../fixtures/models';

function invalid(manifest: unknown): FormcastError {
  try {
    parseManifest(manifest, 'models/x/manifest.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    expect((error as FormcastError).code).toBe(ErrorCode.ManifestInvalid);
    return error as FormcastError;
  }
  throw new Error('parseManifest accepted the manifest');
}

interface ManifestRuleCase {
  readonly name: string;
  readonly model: string;
  readonly set: Record<string, unknown>;
  readonly problems: readonly string[];
}

/** The manifest with each value set at its JSON pointer (the last key is created). */
function withValues(manifest: unknown, values: Record<string, unknown>): unknown {
  const copy = structuredClone(manifest) as Record<string, unknown>;
  for (const [pointer, value] of Object.entries(values)) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop()!;
    const parent = keys.reduce<Record<string, unknown>>(
      (node, key) => node[key] as Record<string, unknown>,
      copy,
    );
    parent[last] = value;
  }
  return copy;
}

describe('number formats are checked at load', () => {
  // Shared with the Python package's tests (python/tests/test_manifest_rules.py).
  const rules = JSON.parse(
    readFileSync(new URL('../fixtures/manifest-rules.json', import.meta.url), 'utf8'),
  ) as { cases: ManifestRuleCase[] };

  it.each(rules.cases)('manifest-rules.json: $name', ({ model, set, problems }) => {
    const manifest = withValues(readManifest(model), set);
    if (problems.length === 0) {
      expect(() => parseManifest(manifest, 'models/x/manifest.json')).not.toThrow();
    } else {
      expect(invalid(manifest).message).toBe(
        `models/x/manifest.json is inconsistent: ${problems.join('; ')}`,
      );
    }
  });

  it('accepts every bundled manifest', () => {
    for (const id of ['drug', 'hr', 'house'])
      expect(() => parseManifest(readManifest(id))).not.toThrow();
  });

  it('formats with a minimum above the default maximum of 4 decimals', () => {
    expect(formatNumber(1.5, { minimumFractionDigits: 6 })).toBe(
      (1.5).toLocaleString(undefined, { minimumFractionDigits: 6 }),
    );
    const metric = {
      metric: 'x',
      mean: 0.5,
      std: 0.1,
      scores: [0.5],
      format: { maximumFractionDigits: 2 },
    };
    expect(metricFormatter(metric)(0.5)).toBe(
      (0.5).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    );
  });
});

describe('class and category names are data', () => {
  let model: LoadedTestModel;
  let manifest: ClassificationManifest;

  beforeAll(async () => {
    manifest = parseManifest(builtinManifest()) as ClassificationManifest;
    model = await loadModelBytes(manifest, builtinModelBytes());
  });

  const row = (bp: string) => ({ Age: 47, Sex: 'F', BP: bp, Cholesterol: 'HIGH', Na_to_K: 14 });

  it('validates category names that are built-in keys, in any case', () => {
    const checked = validateInputs(manifest.inputs, row('CONSTRUCTOR'));
    expect(checked).toMatchObject({ ok: true, values: { BP: 'constructor' } });
    expect(validateInputs(manifest.inputs, row('__PROTO__'))).toMatchObject({
      values: { BP: '__proto__' },
    });
  });

  it('answers with every class as its own key and the right probability', async () => {
    // Drug A's row (HIGH blood pressure, age 47, ratio 14): the model's "constructor" class.
    const [answer] = await predictRows(manifest, [row(RENAMED_BP.HIGH!)], model.run);
    if (!answer || !('label' in answer))
      throw new Error(`no class answer: ${JSON.stringify(answer)}`);
    expect(answer.label).toBe('constructor');
    expect(Object.keys(answer.probabilities)).toEqual(manifest.outputs.classes);
    expect(Object.hasOwn(answer.probabilities, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(answer.probabilities)).toBe(Object.prototype);
    expect(answer.probabilities.constructor).toBe(1);
    expect(answer.probabilities.__proto__).toBe(0);
    // It survives a structured clone, as it crosses from the worker.
    expect(structuredClone(answer.probabilities)).toEqual(answer.probabilities);
  });

  it('shows names without readable labels as themselves, never a built-in', () => {
    expect(classLabel(manifest, '__proto__')).toBe('Drug Y');
    expect(classLabel(manifest, 'constructor')).toBe('constructor');
    expect(classLabel(manifest, 'toString')).toBe('toString');
    const probabilities = Object.fromEntries(
      manifest.outputs.classes.map((c) => [c, c === 'toString' ? 0.75 : 0.0625]),
    );
    const prediction = {
      task: 'classification' as const,
      label: 'toString',
      probabilities,
      ranked: [],
      inputs: {},
      warnings: [],
      modelId: 'drug',
      modelVersion: '1',
    };
    expect(announcement(manifest, prediction)).toBe('Prediction: toString, 75.0 %.');
    const entry = { ...toHistoryEntry(predictDetail(prediction), new Date(0)), id: 1 };
    expect('probabilities' in entry && entry.probabilities).toEqual(probabilities);
    const exported = historyCsv(manifest, [entry]).split('\r\n')[1];
    expect(exported).toContain(
      csvLine(['toString', '0.0625', '0.0625', '0.75', '0.0625', '0.0625', '']).trim(),
    );
  });
});
