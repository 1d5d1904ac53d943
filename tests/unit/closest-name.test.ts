import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/inputs/closest-name';
import { realManifest } from './helpers';

const names = realManifest().inputs.map((s) => s.name);

describe('closestName', () => {
  it.each([
    ['Na_to_k', 'Na_to_K'],
    ['na_to_k', 'Na_to_K'],
    ['Agee', 'Age'],
    ['Ag', 'Age'],
    ['cholesterol', 'Cholesterol'],
    ['Cholesterl', 'Cholesterol'],
    ['Choelsterol', 'Cholesterol'],
    ['bp', 'BP'],
  ])('suggests %j for the slip %j', (typo, expected) => {
    expect(closestName(typo, names)).toBe(expected);
  });

  it.each(['Weight', 'Potassium', 'xyz', 'Age_of_patient', ''])(
    'suggests nothing for %j, which is far from every input',
    (name) => {
      expect(closestName(name, names)).toBeUndefined();
    },
  );

  it('returns the exact name when it is one of the candidates', () => {
    for (const name of names) expect(closestName(name, names)).toBe(name);
  });

  it('allows fewer edits for short names than for long ones', () => {
    // Two edits in a three-letter word is a different word; in an eleven-letter word, a typo.
    expect(closestName('Axx', ['Age'])).toBeUndefined();
    expect(closestName('Chlesterl', ['Cholesterol'])).toBe('Cholesterol');
  });

  it('suggests nothing when there are no candidates', () => {
    expect(closestName('Age', [])).toBeUndefined();
  });
});
