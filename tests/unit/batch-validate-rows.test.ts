import { describe, expect, it } from 'vitest';
import {
  createFieldChecker,
  createRowsValidator,
  type RowIssue,
  type RowValidatorOptions,
} from '../../src/batch/validate-columns';
import { type ModelValues, validateInputs } from '../../src/inputs/validate-inputs';
import type { InputSpec } from '../../src/manifest/manifest-types';
import { realManifest } from './helpers';

const specs = realManifest().inputs;
const NAMES = specs.map((s) => s.name); // Age, Sex, BP, Cholesterol, Na_to_K
const inOrder = { width: 5, inputColumns: [0, 1, 2, 3, 4], decimalComma: false };

type RowCheck =
  | { readonly ok: true; readonly values: ModelValues }
  | { readonly ok: false; readonly issues: readonly RowIssue[] };

/**
 * The block validator seen one row at a time: each call validates a block of one row (the
 * validator's memory of values carries over from call to call, as from block to block), and
 * the row's values are read back from the columns by input name.
 */
function createRowValidator(
  inputs: readonly InputSpec[],
  options: RowValidatorOptions,
): (fields: readonly string[], quoteProblem?: string) => RowCheck {
  const validate = createRowsValidator(inputs, options, createFieldChecker(inputs, options));
  return (fields, quoteProblem) => {
    const check = validate([fields], () => quoteProblem);
    if (check.slots[0] === -1) return { ok: false, issues: check.issues.get(0)! };
    const values = Object.fromEntries(
      inputs.map((spec, j) => {
        const value = check.columns.values[j]![0]!;
        if (spec.type === 'number') return [spec.name, Number.isNaN(value) ? null : value];
        return [spec.name, value < 0 ? null : spec.categories[value]!];
      }),
    );
    return { ok: true, values };
  };
}

function messages(check: RowCheck): string[] {
  return check.ok ? [] : check.issues.map((i) => i.message);
}

describe('createRowsValidator, a row at a time', () => {
  it('agrees with the form’s validateInputs on every value, however often it is seen', () => {
    const validate = createRowValidator(specs, inOrder);
    const ages = [
      '23',
      ' 47 ',
      '4.7e1',
      'abc',
      '',
      'NaN',
      'inf',
      '-Infinity',
      '1e999',
      '14,5',
      '90',
    ];
    const sexes = ['F', 'm', ' f ', 'X', '', 'Female'];
    const bps = ['HIGH', 'low', 'Normal', 'VERY HIGH', ' '];
    let rows = 0;
    // Twice over, so the second pass answers from the per-value memory.
    for (let pass = 0; pass < 2; pass++) {
      for (const age of ages) {
        for (const sex of sexes) {
          for (const bp of bps) {
            const fields = [age, sex, bp, 'high', '14.2'];
            const expected = validateInputs(
              specs,
              Object.fromEntries(NAMES.map((n, i) => [n, fields[i]])),
            );
            const actual = validate(fields);
            expect(actual.ok).toBe(expected.ok);
            if (actual.ok && expected.ok) expect(actual.values).toEqual(expected.values);
            if (!expected.ok)
              expect(messages(actual)).toEqual(expected.issues.map((i) => i.message));
            rows++;
          }
        }
      }
    }
    expect(rows).toBe(2 * ages.length * sexes.length * bps.length);
  });

  it('canonicalises categories in another case, as the form does', () => {
    const check = createRowValidator(specs, inOrder)(['47', 'f', 'high', 'Normal', '10']);
    expect(check).toEqual({
      ok: true,
      values: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'NORMAL', Na_to_K: 10 },
    });
  });

  it('reads values from their columns wherever they are', () => {
    const validate = createRowValidator(specs, {
      width: 7,
      inputColumns: [5, 3, 4, 6, 1],
      decimalComma: false,
    });
    const check = validate(['1', '25.355', 'notes', 'F', 'HIGH', '23', 'HIGH']);
    expect(check).toEqual({
      ok: true,
      values: { Age: 23, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 25.355 },
    });
  });

  it('groups problems by reason and keeps the specific message', () => {
    const check = createRowValidator(specs, inOrder)(['abc', 'F', 'VERY HIGH', 'HIGH', '']);
    expect(check).toEqual({
      ok: false,
      issues: [
        { reason: 'Age: not a number', message: 'Age: "abc" is not a number' },
        {
          reason: 'BP: not one of HIGH, LOW, NORMAL',
          message: 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
        },
        { reason: 'Na_to_K: missing', message: 'Na_to_K: missing' },
      ],
    });
  });

  it('refuses NaN and inf with the form’s message', () => {
    const validate = createRowValidator(specs, inOrder);
    expect(messages(validate(['NaN', 'F', 'HIGH', 'HIGH', 'inf']))).toEqual([
      'Age: "NaN" is not a finite number',
      'Na_to_K: "inf" is not a finite number',
    ]);
  });

  describe('decimal comma', () => {
    it('is read as a decimal point in a ; file, spaces and sign allowed', () => {
      const validate = createRowValidator(specs, { ...inOrder, decimalComma: true });
      expect(validate(['47', 'F', 'HIGH', 'HIGH', '14,5'])).toMatchObject({
        ok: true,
        values: { Na_to_K: 14.5 },
      });
      expect(validate([' 4,7e1 ', 'F', 'HIGH', 'HIGH', ' -1,25 '])).toMatchObject({
        ok: false, // 4,7e1 is not the simple decimal-comma shape: left to the normal rules
      });
      expect(validate(['47', 'F', 'HIGH', 'HIGH', ' -1,25 '])).toMatchObject({
        ok: true,
        values: { Na_to_K: -1.25 },
      });
    });

    it('is still an error when there is more than one comma', () => {
      const validate = createRowValidator(specs, { ...inOrder, decimalComma: true });
      expect(messages(validate(['47', 'F', 'HIGH', 'HIGH', '1,2,3']))).toEqual([
        'Na_to_K: "1,2,3" is not a number',
      ]);
    });

    it('is an error in a , file, with the form’s hint', () => {
      const validate = createRowValidator(specs, inOrder);
      expect(messages(validate(['47', 'F', 'HIGH', 'HIGH', '14,5']))).toEqual([
        'Na_to_K: "14,5" is not a number (use a dot as the decimal separator)',
      ]);
    });

    it('never touches category values', () => {
      const validate = createRowValidator(specs, { ...inOrder, decimalComma: true });
      expect(messages(validate(['47', '1,5', 'HIGH', 'HIGH', '1']))).toEqual([
        'Sex: "1,5" is not one of F, M',
      ]);
    });
  });

  describe('row shape', () => {
    const validate = createRowValidator(specs, inOrder);

    it('says a row with every field blank is empty', () => {
      expect(validate([''])).toEqual({
        ok: false,
        issues: [{ reason: 'row is empty', message: 'row is empty' }],
      });
      expect(messages(validate(['', ' ', '', '', '']))).toEqual(['row is empty']);
    });

    it('counts the fields of a short row against the header', () => {
      expect(validate(['47', 'F', 'HIGH', 'HIGH'])).toEqual({
        ok: false,
        issues: [{ reason: 'wrong number of fields', message: 'row has 4 fields, header has 5' }],
      });
    });

    it('names the extra values of a long row, so none is lost', () => {
      expect(messages(validate(['47', 'F', 'HIGH', 'HIGH', '14', 'x', 'y"z']))).toEqual([
        'row has 7 fields, header has 5 (extra: "x", "y\\"z")',
      ]);
    });

    it('passes on papaparse’s quoting problem', () => {
      expect(validate(['47', 'F', 'HIGH', 'HIGH', '14'], 'a quoted field is never closed')).toEqual(
        {
          ok: false,
          issues: [{ reason: 'malformed quotes', message: 'a quoted field is never closed' }],
        },
      );
    });
  });

  it('forgets values past its memory limit and still answers correctly', () => {
    const validate = createRowValidator(specs, inOrder);
    const wrong: number[] = [];
    for (let i = 0; i < 70_000; i++) {
      // A space around the number: not a plain decimal, so it goes through the memory.
      const check = validate(['47', 'F', 'HIGH', 'HIGH', ` ${i / 1000}`]);
      if (!check.ok || check.values.Na_to_K !== i / 1000) wrong.push(i);
    }
    expect(wrong).toEqual([]);
  });
});

describe('createRowsValidator, a block at a time', () => {
  it('lays the valid rows out by column in row order, and numbers them', () => {
    const validate = createRowsValidator(specs, inOrder, createFieldChecker(specs, inOrder));
    const check = validate(
      [
        ['23', 'F', 'HIGH', 'HIGH', '25.355'],
        ['abc', 'F', 'HIGH', 'HIGH', '1'],
        ['47', 'm', 'low', 'Normal', '13.093'],
        ['1'],
      ],
      () => undefined,
    );
    expect(Array.from(check.slots)).toEqual([0, -1, 1, -1]);
    expect(check.columns.length).toBe(2);
    expect(Array.from(check.columns.values[0]!)).toEqual([23, 47]);
    expect(Array.from(check.columns.values[1]!)).toEqual([0, 1]); // F, M
    expect(Array.from(check.columns.values[2]!)).toEqual([0, 1]); // HIGH, LOW
    expect(Array.from(check.columns.values[4]!)).toEqual([25.355, 13.093]);
    expect([...check.issues.keys()].sort()).toEqual([1, 3]);
    expect(check.issues.get(3)![0]!.message).toBe('row has 1 fields, header has 5');
  });
});
