import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../../src/manifest/manifest-types';
import { readUrlInputs, withLinkValues, withUrlInputs } from '../../src/url/url-inputs';
import { realManifest } from './helpers';

const specs = realManifest().inputs;
const reserved = ['model'];

describe('readUrlInputs', () => {
  it('reads the documented example link with no problems', () => {
    const result = readUrlInputs(
      '?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20',
      specs,
      reserved,
    );
    expect(result).toEqual({
      values: { Age: '60', Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: '20' },
      problems: [],
    });
  });

  it('accepts a query string without the leading "?"', () => {
    expect(readUrlInputs('Age=60', specs).values).toEqual({ Age: '60' });
  });

  it('decodes percent- and plus-encoded values', () => {
    const result = readUrlInputs('?Na_to_K=%2020.5%20&BP=very+high', specs);
    expect(result.values).toEqual({ Na_to_K: ' 20.5 ', BP: 'very high' });
    expect(result.problems).toEqual([
      'Link parameter BP: "very high" is not one of HIGH, LOW, NORMAL.',
    ]);
  });

  it('keeps a bad value for the form and reports it', () => {
    const result = readUrlInputs('?Age=abc&Sex=F', specs, reserved);
    expect(result.values).toEqual({ Age: 'abc', Sex: 'F' });
    expect(result.problems).toEqual(['Link parameter Age: "abc" is not a number.']);
  });

  it('does not report inputs the link leaves out: a partial link is fine', () => {
    expect(readUrlInputs('?Age=60', specs).problems).toEqual([]);
  });

  it('reports an unknown parameter with a suggestion, and does not use it', () => {
    const result = readUrlInputs('?Agee=60&Sex=F', specs, reserved);
    expect(result.values).toEqual({ Sex: 'F' });
    expect(result.problems).toEqual([
      'Unknown link parameter "Agee" (did you mean "Age"?) was not used.',
    ]);
  });

  it('reports an unknown parameter without a suggestion when nothing is close', () => {
    expect(readUrlInputs('?utm_source=newsletter', specs, reserved).problems).toEqual([
      'Unknown link parameter "utm_source" was not used.',
    ]);
  });

  it('ignores reserved parameters such as model', () => {
    const result = readUrlInputs('?model=drug&Age=60', specs, reserved);
    expect(result).toEqual({ values: { Age: '60' }, problems: [] });
  });

  it('treats "model" as unknown when it is not reserved', () => {
    expect(readUrlInputs('?model=drug', specs).problems).toHaveLength(1);
  });

  it('uses the first of a repeated parameter and says so, as for the model', () => {
    const result = readUrlInputs('?Age=60&Sex=F&Age=70&model=drug&model=hr', specs, reserved);
    expect(result.values).toEqual({ Age: '60', Sex: 'F' });
    expect(result.problems).toEqual([
      'Link parameter "Age" is given 2 times ("60", "70"): the first was used.',
      'Link parameter "model" is given 2 times ("drug", "hr"): the first was used.',
    ]);
  });

  it('lists three values of a parameter repeated many times', () => {
    const result = readUrlInputs(`?${'BP=LOW&'.repeat(5)}BP=HIGH`, specs, reserved);
    expect(result.values).toEqual({ BP: 'LOW' });
    expect(result.problems).toEqual([
      'Link parameter "BP" is given 6 times ("LOW", "LOW", "LOW", …): the first was used.',
    ]);
  });

  it('quotes a long parameter name or value cut short', () => {
    const long = 'x'.repeat(100_000);
    const result = readUrlInputs(`?${long}=1&Age=${'1'.repeat(100_000)}x`, specs, reserved);
    expect(result.problems).toEqual([
      `Unknown link parameter "${'x'.repeat(40)}…" (100,000 characters) was not used.`,
      `Link parameter Age: "${'1'.repeat(40)}…" (100,001 characters) is not a number.`,
    ]);
  });

  it('reads an input named like a built-in (__proto__) as a value', () => {
    const proto = { ...specs[1]!, name: '__proto__' } as InputSpec;
    const result = readUrlInputs('?__proto__=M', [proto]);
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.values)).toEqual(['__proto__']);
    expect(result.values.__proto__).toBe('M');
  });

  it('reports every problem of a link', () => {
    const result = readUrlInputs('?Age=abc&BP=VERY%20HIGH&Weight=70&Na_to_K=20,5', specs, reserved);
    expect(result.problems).toEqual([
      'Unknown link parameter "Weight" was not used.',
      'Link parameter Age: "abc" is not a number.',
      'Link parameter BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL.',
      'Link parameter Na_to_K: "20,5" is not a number (use a dot as the decimal separator).',
    ]);
  });
});

describe('withUrlInputs', () => {
  const page = new URL('https://example.org/formcast/?model=drug&Age=50&lang=en#form');

  it('sets one parameter per input and keeps unrelated ones', () => {
    const next = withUrlInputs(page, specs, {
      Age: '60',
      Sex: 'F',
      BP: 'LOW',
      Cholesterol: 'HIGH',
      Na_to_K: '20',
    });
    expect(next.searchParams.get('model')).toBe('drug');
    expect(next.searchParams.get('lang')).toBe('en');
    expect(next.hash).toBe('#form');
    expect(next.pathname).toBe('/formcast/');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      model: 'drug',
      Age: '60',
      lang: 'en',
      Sex: 'F',
      BP: 'LOW',
      Cholesterol: 'HIGH',
      Na_to_K: '20',
    });
  });

  it('leaves out a value too long for a link (servers refuse long URLs)', () => {
    const next = withUrlInputs(page, specs, { Age: '1'.repeat(1001), Na_to_K: '2'.repeat(1000) });
    expect(next.searchParams.has('Age')).toBe(false);
    expect(next.searchParams.get('Na_to_K')).toBe('2'.repeat(1000));
  });

  it('deletes the parameters of empty or blank inputs', () => {
    const next = withUrlInputs(page, specs, { Age: '  ', Sex: 'M' });
    expect(next.searchParams.has('Age')).toBe(false);
    expect(next.searchParams.get('Sex')).toBe('M');
    expect(next.searchParams.has('BP')).toBe(false);
  });

  it('trims values before writing them', () => {
    expect(withUrlInputs(page, specs, { Age: ' 61 ' }).searchParams.get('Age')).toBe('61');
  });

  it('does not modify the URL it was given', () => {
    const before = page.href;
    withUrlInputs(page, specs, { Age: '70' });
    expect(page.href).toBe(before);
  });

  it('writes a link that readUrlInputs reads back to the same values', () => {
    const raw = { Age: '60', Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: '20.5' };
    const next = withUrlInputs(page, specs, raw);
    expect(readUrlInputs(next.search, specs, ['model', 'lang'])).toEqual({
      values: raw,
      problems: [],
    });
  });
});

describe('optional inputs in links', () => {
  const page = new URL('https://example.org/formcast/?model=house&lang=en');
  // The drug inputs plus an optional number whose example is not empty.
  const withOptional: InputSpec[] = [
    ...specs,
    {
      name: 'Weight',
      label: 'Weight',
      description: 'Body weight.',
      type: 'number',
      min: 40,
      max: 150,
      step: 1,
      unit: 'kg',
      example: 70,
      optional: true,
      missing: { value: 72, strategy: 'median' },
      tensor: { name: 'Weight', dtype: 'float32' },
    },
  ];
  const start = {
    Age: '60',
    Sex: 'F',
    BP: 'LOW',
    Cholesterol: 'HIGH',
    Na_to_K: '20',
    Weight: '70',
  };

  it('an empty optional field is an absent parameter', () => {
    const next = withUrlInputs(page, withOptional, { ...start, Weight: '' });
    expect(next.searchParams.has('Weight')).toBe(false);
    expect(next.searchParams.get('Age')).toBe('60');
  });

  it('a link without the optional parameter starts that field empty, not at its example', () => {
    const link = readUrlInputs('?Age=61', withOptional, reserved);
    expect(link.problems).toEqual([]);
    expect(withLinkValues(withOptional, start, link.values)).toEqual({
      ...start,
      Age: '61',
      Weight: '',
    });
  });

  it('no link at all leaves the starting values, examples included', () => {
    expect(
      withLinkValues(withOptional, start, readUrlInputs('?model=x', withOptional, reserved).values),
    ).toEqual(start);
  });

  it('round-trips a form with an empty optional field', () => {
    const form = { ...start, Age: '33', Weight: '' };
    const link = withUrlInputs(page, withOptional, form);
    const read = readUrlInputs(link.search, withOptional, ['model', 'lang']);
    expect(read.problems).toEqual([]);
    expect(withLinkValues(withOptional, start, read.values)).toEqual(form);
  });

  it('an empty parameter of an optional input is valid, not reported', () => {
    expect(readUrlInputs('?Weight=', withOptional).problems).toEqual([]);
  });
});
