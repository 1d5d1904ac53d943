/**
 * The words a field and the model card use for an input: its training range and what the model
 * assumes when an optional input is left empty. Pure, so tested without a browser.
 */
import { categoryLabel, type InputSpec, type NumberInputSpec } from '../../manifest/manifest-types';
import { formatInputNumber } from '../../format/format';

/**
 * The range seen in training, e.g. "15–74 years". A percent format shows percentages, and then
 * also what to type, since the field takes the plain number: "9%–100% (enter 0.09–1)".
 */
export function trainingRange(spec: NumberInputSpec): string {
  if (!spec.format) return `${spec.min}–${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`;
  const shown = `${formatInputNumber(spec, spec.min)}–${formatInputNumber(spec, spec.max)}`;
  return spec.format.style === 'percent' ? `${shown} (enter ${spec.min}–${spec.max})` : shown;
}

const STRATEGIES: Readonly<Record<string, string>> = {
  median: 'the median in training',
  mean: 'the mean in training',
  most_frequent: 'the most common value in training',
};

/** A number the model itself takes as missing (its manifest's `missing.value` is null). */
const TAKEN_AS_MISSING = 'no value: the model handles a missing value as it learned in training';

/**
 * What the model uses for an empty optional input, e.g. "69 ft (the median in training)", or
 * that it takes the field as missing; undefined for a required input.
 */
export function assumedValue(spec: InputSpec): string | undefined {
  if (!spec.optional || !spec.missing) return undefined;
  let shown: string;
  if (spec.type === 'category') shown = categoryLabel(spec, spec.missing!.value);
  else if (spec.missing!.value === null) return TAKEN_AS_MISSING;
  else shown = formatInputNumber(spec, spec.missing!.value);
  const how = STRATEGIES[spec.missing.strategy];
  return how ? `${shown} (${how})` : shown;
}

/**
 * The hint under an optional field: what leaving it empty means. The manifest's own words
 * (`missing.description`) when it has them, else built from the value and the strategy.
 */
export function missingHint(spec: InputSpec): string | undefined {
  const assumed = assumedValue(spec);
  if (assumed === undefined) return undefined;
  const description = spec.missing?.description?.trim();
  if (!description) return `If left empty, the model uses ${assumed}.`;
  return /[.!?]$/.test(description) ? description : `${description}.`;
}
