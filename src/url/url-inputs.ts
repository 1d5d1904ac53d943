import { closestName } from '../inputs/closest-name';
import { quoteValue } from '../inputs/quote-value';
import { validateInputs } from '../inputs/validate-inputs';
import type { InputSpec } from '../manifest/manifest-types';
import { own, setOwn } from '../manifest/records';

/** What a link asked for: the raw values to put in the form, and what was wrong with the link. */
export interface UrlInputs {
  readonly values: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

/**
 * Reads form values from a query string that uses the inputs' own names, as the tutorial's GET
 * API did: `?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20`. Bad values are kept (the form
 * shows them with their error) and reported; unknown parameters are reported, never dropped
 * silently. A parameter given twice counts once, the first time, as `URLSearchParams.get` reads
 * the page's own (`model`): the others are reported. `reserved` names (e.g. `model`) belong to
 * the page, not the form.
 */
export function readUrlInputs(
  search: string,
  specs: readonly InputSpec[],
  reserved: readonly string[] = [],
): UrlInputs {
  const params = new URLSearchParams(search);
  const names = specs.map((s) => s.name);
  // A Map, not an object: an input may be called `__proto__`.
  const values = new Map<string, string>();
  const problems: string[] = [];
  // Grouped in one pass (getAll per name would be quadratic in a link of many parameters).
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) {
    const all = byName.get(name);
    if (all) all.push(value);
    else byName.set(name, [value]);
  }
  for (const [name, all] of byName) {
    if (all.length > 1) problems.push(repeatedParameter(name, all));
    if (reserved.includes(name)) continue;
    if (names.includes(name)) {
      values.set(name, all[0]!);
      continue;
    }
    const suggestion = closestName(name, names);
    problems.push(
      `Unknown link parameter ${quoteValue(name)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''} was not used.`,
    );
  }
  const given = Object.fromEntries(values);
  const checked = validateInputs(
    specs.filter((s) => values.has(s.name)),
    given,
  );
  if (!checked.ok) {
    for (const issue of checked.issues) problems.push(`Link parameter ${issue.message}.`);
  }
  return { values: given, problems };
}

/** `Link parameter "Age" is given 2 times ("60", "70"): the first was used.` */
function repeatedParameter(name: string, all: readonly string[]): string {
  const shown = all.slice(0, 3).map(quoteValue).join(', ');
  const more = all.length > 3 ? ', …' : '';
  return `Link parameter ${quoteValue(name)} is given ${all.length} times (${shown}${more}): the first was used.`;
}

/**
 * The form's starting values with a link's values over them. A link that carries any input
 * describes the whole form, and withUrlInputs leaves empty fields out: so an optional input it
 * does not carry was empty, and starts empty rather than with its example. A required input it
 * does not carry keeps its starting value (a partial link is fine).
 */
export function withLinkValues(
  specs: readonly InputSpec[],
  start: Readonly<Record<string, string>>,
  link: Readonly<Record<string, string>>,
): Record<string, string> {
  const values = { ...start, ...link };
  if (Object.keys(link).length > 0) {
    for (const spec of specs) {
      if (spec.optional && !Object.hasOwn(link, spec.name)) setOwn(values, spec.name, '');
    }
  }
  return values;
}

/**
 * Longest value a link carries. Servers refuse URLs past 8–16 KB (a 100,000-digit value made
 * one that vite preview answered with 431), and no valid value comes near it.
 */
export const MAX_LINK_VALUE = 1000;

/**
 * The URL with one parameter per input set to the form's current raw value; an empty field, or
 * one holding more than MAX_LINK_VALUE characters, has no parameter.
 */
export function withUrlInputs(
  url: URL,
  specs: readonly InputSpec[],
  raw: Readonly<Record<string, string>>,
): URL {
  const next = new URL(url.href);
  for (const spec of specs) {
    const value = own(raw, spec.name)?.trim();
    if (value && value.length <= MAX_LINK_VALUE) next.searchParams.set(spec.name, value);
    else next.searchParams.delete(spec.name);
  }
  return next;
}
