import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/batch/map-header';
import { ErrorCode, FormcastError } from '../../src/errors';
import { realManifest } from './helpers';

const specs = realManifest().inputs;

function headerError(header: string[]): FormcastError {
  try {
    mapHeader(header, specs);
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    expect((error as FormcastError).code).toBe(ErrorCode.CsvInvalid);
    return error as FormcastError;
  }
  throw new Error(`mapHeader accepted ${header.join(',')}`);
}

describe('mapHeader', () => {
  it('finds each input by name, in manifest order, wherever it is in the file', () => {
    const header = ['id', 'Na_to_K', 'notes', 'Sex', 'BP', 'Age', 'Cholesterol'];
    const map = mapHeader(header, specs);
    expect(map.columns).toEqual(header);
    // Manifest order: Age, Sex, BP, Cholesterol, Na_to_K.
    expect(map.inputColumns).toEqual([5, 3, 4, 6, 1]);
  });

  it('accepts a column without a name (a spreadsheet index column) as one to pass through', () => {
    const map = mapHeader(['', 'Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_K'], specs);
    expect(map.inputColumns).toEqual([1, 2, 3, 4, 5]);
  });

  it('names a missing column and the column the user probably meant', () => {
    const error = headerError(['Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_k']);
    expect(error.message).toContain(
      'Missing column "Na_to_K": the file has "Na_to_k" — rename it to "Na_to_K" (column names must match exactly).',
    );
    expect(error.message).toContain('Required columns: Age, Sex, BP, Cholesterol, Na_to_K');
    expect(error.message).toContain("the file's columns: Age, Sex, BP, Cholesterol, Na_to_k.");
  });

  it('suggests a column with stray spaces, which are otherwise invisible', () => {
    const error = headerError([' Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_K']);
    expect(error.message).toContain('Missing column "Age": the file has " Age"');
  });

  it('names every missing column, without a suggestion when nothing is close', () => {
    const error = headerError(['Age', 'Sex', 'BP', 'comment']);
    expect(error.message).toContain('Missing column "Cholesterol".');
    expect(error.message).toContain('Missing column "Na_to_K".');
    expect(error.message).not.toContain('rename');
  });

  it('never suggests a column that already is another input', () => {
    const error = headerError(['Age', 'Sex', 'BP', 'Na_to_K']);
    expect(error.message).toContain('Missing column "Cholesterol".');
  });

  it('refuses duplicated column names, saying which columns', () => {
    const error = headerError(['Age', 'Sex', 'BP', 'Age', 'Cholesterol', 'Na_to_K']);
    expect(error.message).toContain(
      'The header has 2 columns named "Age" (columns 1, 4); each column needs its own name.',
    );
  });

  it('refuses duplicates among the extra columns too, and several unnamed columns', () => {
    const notes = headerError(['notes', 'Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_K', 'notes']);
    expect(notes.message).toContain('2 columns named "notes" (columns 1, 7)');
    const blank = headerError(['Age', 'Sex', 'BP', 'Cholesterol', 'Na_to_K', '', '']);
    expect(blank.message).toContain('2 columns without a name (columns 6, 7)');
  });

  it('lists only the first columns of a very wide file', () => {
    const wide = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const error = headerError(wide);
    expect(error.message).toContain('c19 and 30 more.');
    expect(error.message).not.toContain('c20');
  });
});
