import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../src/errors';
import {
  canonicalCategory,
  type RawValues,
  type ValidationResult,
  validateInputs,
} from '../../src/inputs/validate-inputs';
import type { CategoryInputSpec, InputSpec } from '../../src/manifest/manifest-types';
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

  describe('missing values', () => {
    it.each([
      ['absent', undefined],
      ['null', null],
      ['empty', ''],
      ['whitespace only', ' \t\n '],
    ])('reports a number input that is %s as missing', (_, value) => {
      const raw = formRow({ Na_to_K: value });
      if (value === undefined) delete raw.Na_to_K;
      expect(onlyIssue(validateInputs(specs, raw))).toEqual({
        field: 'Na_to_K',
        code: 'missing',
        message: 'Na_to_K: missing',
      });
    });

    it('reports an empty category as missing, not as an unknown category', () => {
      expect(onlyIssue(validateInputs(specs, formRow({ Sex: '  ' })))).toEqual({
        field: 'Sex',
        code: 'missing',
        message: 'Sex: missing',
      });
    });

    it('reports every input missing for an empty object', () => {
      const issues = issuesOf(validateInputs(specs, {}));
      expect(issues.map((i) => [i.field, i.code])).toEqual(specs.map((s) => [s.name, 'missing']));
    });
  });

  describe('number inputs', () => {
    it('rejects text that is not a number, quoting it', () => {
      expect(onlyIssue(validateInputs(specs, formRow({ Age: 'abc' })))).toEqual({
        field: 'Age',
        code: 'not-a-number',
        message: 'Age: "abc" is not a number',
      });
    });

    it('rejects a decimal comma with a hint to use a dot', () => {
      const issue = onlyIssue(validateInputs(specs, formRow({ Na_to_K: '20,5' })));
      expect(issue.code).toBe('not-a-number');
      expect(issue.message).toBe(
        'Na_to_K: "20,5" is not a number (use a dot as the decimal separator)',
      );
    });

    it('gives no decimal-comma hint for text without a comma', () => {
      const issue = onlyIssue(validateInputs(specs, formRow({ Na_to_K: '20.5.1' })));
      expect(issue.message).not.toContain('decimal separator');
    });

    it.each(['0x3C', '1_000', '60 years', '6 0', '--60', 'e5', '.'])(
      'rejects %j, which Number() or parseFloat() would turn into something',
      (text) => {
        expect(onlyIssue(validateInputs(specs, formRow({ Age: text }))).code).toBe('not-a-number');
      },
    );

    it.each(['NaN', 'nan', 'inf', 'Infinity', '-Infinity', '+INF'])(
      'rejects the string %j as not finite',
      (text) => {
        expect(onlyIssue(validateInputs(specs, formRow({ Age: text })))).toEqual({
          field: 'Age',
          code: 'not-finite',
          message: `Age: "${text}" is not a finite number`,
        });
      },
    );

    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects the number %s as not finite',
      (value) => {
        expect(onlyIssue(validateInputs(specs, formRow({ Age: value })))).toEqual({
          field: 'Age',
          code: 'not-finite',
          message: `Age: ${value} is not a finite number`,
        });
      },
    );

    it('rejects a decimal that overflows to Infinity', () => {
      const issue = onlyIssue(validateInputs(specs, formRow({ Age: '1e400' })));
      expect(issue.code).toBe('not-finite');
      expect(issue.message).toContain('"1e400"');
    });

    it('accepts numbers passed as numbers', () => {
      const values = valuesOf(validateInputs(specs, formRow({ Age: 47, Na_to_K: 10.5 })));
      expect(values.Age).toBe(47);
      expect(values.Na_to_K).toBe(10.5);
    });

    it('accepts zero passed as a number (zero is not "missing")', () => {
      const result = validateInputs(specs, formRow({ Age: 0 }));
      expect(valuesOf(result).Age).toBe(0);
    });

    it('accepts leading and trailing spaces around a number', () => {
      const values = valuesOf(
        validateInputs(specs, formRow({ Age: '  60 ', Na_to_K: '\t20.5\n' })),
      );
      expect(values.Age).toBe(60);
      expect(values.Na_to_K).toBe(20.5);
    });

    it.each([
      ['6e1', 60],
      ['6E1', 60],
      ['2.05e+1', 20.5],
      ['.5e2', 50],
      ['600e-1', 60],
      ['+60', 60],
      ['60.', 60],
      ['.5', 0.5],
    ])('accepts %j as %d', (text, expected) => {
      expect(valuesOf(validateInputs(specs, formRow({ Age: text }))).Age).toBe(expected);
    });
  });

  describe('category inputs', () => {
    it('rejects a value that is not a category, listing the categories', () => {
      expect(onlyIssue(validateInputs(specs, formRow({ BP: 'VERY HIGH' })))).toEqual({
        field: 'BP',
        code: 'unknown-category',
        message: 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
      });
    });

    it.each([
      ['BP', 'high', 'HIGH'],
      ['BP', 'Normal', 'NORMAL'],
      ['Cholesterol', ' normal ', 'NORMAL'],
      ['Sex', 'm', 'M'],
    ])('matches %s %j case-insensitively to the canonical %j', (field, text, canonical) => {
      expect(valuesOf(validateInputs(specs, formRow({ [field]: text })))[field]).toBe(canonical);
    });

    it('does not accept a category of another input (LOW is a BP, not a Cholesterol)', () => {
      expect(onlyIssue(validateInputs(specs, formRow({ Cholesterol: 'LOW' }))).code).toBe(
        'unknown-category',
      );
    });
  });

  describe('unknown fields', () => {
    it('rejects an unknown field and suggests the input it probably meant', () => {
      const issue = onlyIssue(validateInputs(specs, { ...formRow(), Agee: '60' }));
      expect(issue.field).toBe('Agee');
      expect(issue.code).toBe('unknown-field');
      expect(issue.message).toContain('Unknown input "Agee"');
      expect(issue.message).toContain('(did you mean "Age"?)');
      expect(issue.message).toContain('Expected: Age, Sex, BP, Cholesterol, Na_to_K');
    });

    it('suggests nothing for a name that resembles no input', () => {
      const issue = onlyIssue(validateInputs(specs, { ...formRow(), Weight: '70' }));
      expect(issue.code).toBe('unknown-field');
      expect(issue.message).not.toContain('did you mean');
    });

    it('rejects a wrongly cased name rather than silently using it', () => {
      const raw = formRow();
      delete raw.Na_to_K;
      const issues = issuesOf(validateInputs(specs, { ...raw, na_to_k: '20' }));
      expect(issues.map((i) => [i.field, i.code])).toEqual([
        ['na_to_k', 'unknown-field'],
        ['Na_to_K', 'missing'],
      ]);
      expect(issues[0]!.message).toContain('did you mean "Na_to_K"?');
    });
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

  it('reports several issues together, unknown names first, then in manifest order', () => {
    const result = validateInputs(specs, {
      Age: 'abc',
      Sex: '',
      BP: 'VERY HIGH',
      Cholesterol: 'HIGH',
      Na_to_K: '20,5',
      Weight: '70',
    });
    expect(issuesOf(result).map((i) => [i.field, i.code])).toEqual([
      ['Weight', 'unknown-field'],
      ['Age', 'not-a-number'],
      ['Sex', 'missing'],
      ['BP', 'unknown-category'],
      ['Na_to_K', 'not-a-number'],
    ]);
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

  it('lets a number name a category spelt as digits', () => {
    const specs: InputSpec[] = [spec(['1', '2', '3'])];
    expect(validateInputs(specs, { Grade: 2 })).toEqual({
      ok: true,
      values: { Grade: '2' },
      warnings: [],
    });
  });
});
