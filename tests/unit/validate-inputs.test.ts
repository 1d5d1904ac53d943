import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../src/errors';
import {
  canonicalCategory,
  type RawValues,
  type ValidationResult,
  validateInputs,
} from '../../src/inputs/validate-inputs';
import type { CategoryInputSpec } from '../../src/manifest/manifest-types';
import { categorySpec, numberSpec, realManifest } from './helpers';

const manifest = realManifest();
const specs = manifest.inputs;
const age = numberSpec(manifest, 'Age');
const naToK = numberSpec(manifest, 'Na_to_K');

/** A complete, valid row as a form would send it: every value as text. */
function formRow(overrides: RawValues = {}): Record<string, string | number | null | undefined> {
  return { Age: '60', Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: '20', ...overrides };
}

function issuesOf(result: ValidationResult): readonly InputIssue[] {
  if (result.ok) throw new Error(`Expected validation to fail, got ${JSON.stringify(result)}`);
  return result.issues;
}

function onlyIssue(result: ValidationResult): InputIssue {
  const issues = issuesOf(result);
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

function valuesOf(result: ValidationResult) {
  if (!result.ok) throw new Error(`Expected validation to pass, got ${JSON.stringify(result)}`);
  return result.values;
}

describe('validateInputs with the drug model inputs', () => {
  it('uses a manifest that still has the inputs these tests name', () => {
    expect(specs.map((s) => s.name)).toEqual(['Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_K']);
    expect(categorySpec(manifest, 'BP').categories).toEqual(['HIGH', 'LOW', 'NORMAL']);
  });

  it('accepts a complete row and types numbers as numbers, categories as strings', () => {
    const result = validateInputs(specs, formRow());
    expect(result).toEqual({
      ok: true,
      values: { Age: 60, Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 },
      warnings: [],
    });
  });

  it("accepts every input's own manifest example", () => {
    const examples = Object.fromEntries(specs.map((s) => [s.name, String(s.example)]));
    const values = valuesOf(validateInputs(specs, examples));
    for (const spec of specs) expect(values[spec.name]).toEqual(spec.example);
  });

  // Rules for single values (numbers, categories, missing, long values, names): the shared table
  // tests/fixtures/input-rules.json, run by input-rules.test.ts.

  it('reports every input missing for an empty object', () => {
    const issues = issuesOf(validateInputs(specs, {}));
    expect(issues.map((i) => [i.field, i.code])).toEqual(specs.map((s) => [s.name, 'missing']));
  });

  it("reads only a row's own values: an input named like a built-in is not found on the prototype", () => {
    const kind: CategoryInputSpec = {
      ...categorySpec(manifest, 'BP'),
      name: 'toString',
      tensor: { name: 'toString', dtype: 'string' },
    };
    expect(onlyIssue(validateInputs([kind], {}))).toEqual({
      field: 'toString',
      code: 'missing',
      message: 'toString: missing',
    });
    const proto = { ...kind, name: '__proto__' };
    const result = validateInputs([proto], JSON.parse('{"__proto__": "high"}') as RawValues);
    expect(valuesOf(result)).toEqual(JSON.parse('{"__proto__": "HIGH"}'));
    expect(Object.getPrototypeOf(valuesOf(result))).toBe(Object.prototype);
  });

  describe('training range', () => {
    it('accepts a value above the training range with a warning naming the range', () => {
      const result = validateInputs(specs, formRow({ Age: '90' }));
      expect(valuesOf(result).Age).toBe(90);
      expect(result.warnings).toHaveLength(1);
      const warning = result.warnings[0]!;
      expect(warning.field).toBe('Age');
      expect(warning.code).toBe('out-of-range');
      expect(warning.message).toContain(`${age.min}–${age.max} ${age.unit}`);
      expect(warning.message).toMatch(/^Age: 90 is outside the training range/);
    });

    it('warns below the training range too', () => {
      const below = naToK.min - 1;
      const result = validateInputs(specs, formRow({ Na_to_K: below }));
      expect(valuesOf(result).Na_to_K).toBe(below);
      expect(result.warnings.map((w) => w.field)).toEqual(['Na_to_K']);
      expect(result.warnings[0]!.message).toContain(`${naToK.min}–${naToK.max}`);
    });

    it('does not warn at the exact ends of the training range', () => {
      for (const bound of ['min', 'max'] as const) {
        const result = validateInputs(
          specs,
          formRow({ Age: String(age[bound]), Na_to_K: String(naToK[bound]) }),
        );
        expect(result).toMatchObject({ ok: true, warnings: [] });
      }
    });

    it('still reports warnings when other fields are invalid', () => {
      const result = validateInputs(specs, formRow({ Age: '90', Sex: 'X' }));
      expect(issuesOf(result).map((i) => i.field)).toEqual(['Sex']);
      expect(result.warnings.map((w) => w.field)).toEqual(['Age']);
    });
  });
});

describe('canonicalCategory', () => {
  const spec = (categories: string[]): CategoryInputSpec => ({
    name: 'Grade',
    label: 'Grade',
    description: '',
    type: 'category',
    categories,
    example: categories[0]!,
    tensor: { name: 'Grade', dtype: 'string' },
  });

  it('prefers an exact match when categories differ only by case', () => {
    expect(canonicalCategory(spec(['a', 'A']), 'A')).toBe('A');
    expect(canonicalCategory(spec(['a', 'A']), 'a')).toBe('a');
  });

  it('refuses to guess when a case-insensitive match is ambiguous', () => {
    expect(canonicalCategory(spec(['ab', 'AB']), 'Ab')).toBeUndefined();
  });
});
