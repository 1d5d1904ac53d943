import { type Schema, Validator } from '@cfworker/json-schema';
import schema from '../../schema/manifest.schema.json';
import { ErrorCode, FormcastError } from '../errors';
import { isRegression, type ModelManifest, type NumberFormat } from './manifest-types';

// @cfworker/json-schema interprets the schema instead of compiling it to code, so validation
// works under a CSP without 'unsafe-eval' (Ajv would need it, or a build-time codegen step).
const validator = new Validator(schema as Schema, '2020-12', false);

/** Keywords that only say "something below me failed"; the leaves below them say what. */
const WRAPPERS = new Set([
  'oneOf',
  'anyOf',
  'allOf',
  '$ref',
  'properties',
  'items',
  'if',
  'then',
  'else',
]);

/** How many schema errors to name in a message before summarising the rest. */
const MAX_LISTED = 4;

/**
 * Checks that `value` is a manifest Formcast can use: valid against the JSON Schema shared with
 * the Python exporter, plus the cross-field rules a schema cannot express.
 * @throws {FormcastError} MANIFEST_INVALID, naming where and what is wrong.
 */
export function parseManifest(value: unknown, source = 'manifest.json'): ModelManifest {
  const result = validator.validate(value);
  if (!result.valid) {
    // The validator reports each failure at several levels (oneOf, $ref, leaf); the leaves that
    // name a concrete keyword are the ones a person can act on.
    // 'false' is the bare "False boolean schema" under additionalProperties, which names the property.
    const leaves = result.errors.filter((e) => !WRAPPERS.has(e.keyword) && e.keyword !== 'false');
    const listed = (leaves.length > 0 ? leaves : result.errors).slice(0, MAX_LISTED);
    const lines = listed.map(
      (e) => `${e.instanceLocation.replace(/^#/, '') || '/'}: ${e.error.replace(/\.$/, '')}`,
    );
    const more = leaves.length > MAX_LISTED ? ` (and ${leaves.length - MAX_LISTED} more)` : '';
    throw new FormcastError(
      ErrorCode.ManifestInvalid,
      `${source} does not match the manifest schema: ${lines.join('; ')}${more}`,
    );
  }
  const manifest = value as ModelManifest;
  checkCrossFieldRules(manifest, source);
  return manifest;
}

function checkCrossFieldRules(manifest: ModelManifest, source: string): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const input of manifest.inputs) {
    if (seen.has(input.name)) problems.push(`input "${input.name}" is listed twice`);
    seen.add(input.name);
    if (input.missing && !input.optional) {
      problems.push(`input "${input.name}" has a missing value but is not optional`);
    }
    if (input.type === 'number') {
      if (input.min > input.max)
        problems.push(`input "${input.name}" has min ${input.min} > max ${input.max}`);
      if (input.tensor.dtype === 'string')
        problems.push(`number input "${input.name}" cannot feed a string tensor`);
      if (input.optional && input.tensor.dtype !== 'float32') {
        problems.push(`optional number input "${input.name}" needs a float32 tensor (NaN = empty)`);
      }
    } else {
      if (input.tensor.dtype !== 'string')
        problems.push(`category input "${input.name}" must feed a string tensor`);
      for (const [what, value] of [
        ['example', input.example],
        ['missing value', input.missing?.value],
      ] as const) {
        if (value !== null && value !== undefined && !input.categories.includes(value)) {
          problems.push(
            `input "${input.name}" ${what} "${value}" is not one of ${input.categories.join(', ')}`,
          );
        }
      }
    }
  }
  checkNumericFeatures(manifest, problems);
  checkOutputs(manifest, problems);
  checkNumberFormats(manifest, problems);
  if (problems.length > 0) {
    throw new FormcastError(
      ErrorCode.ManifestInvalid,
      `${source} is inconsistent: ${problems.join('; ')}`,
    );
  }
}

/** Every number format of the manifest, by its place (a JSON pointer, as schema errors give). */
function numberFormats(manifest: ModelManifest): [string, NumberFormat][] {
  const found: [string, NumberFormat][] = [];
  manifest.inputs.forEach((input, i) => {
    if (input.type === 'number' && input.format) found.push([`/inputs/${i}/format`, input.format]);
  });
  if (isRegression(manifest) && manifest.outputs.format) {
    found.push(['/outputs/format', manifest.outputs.format]);
  }
  const { crossValidation, others } = manifest.metrics;
  if (crossValidation?.format) {
    found.push(['/metrics/crossValidation/format', crossValidation.format]);
  }
  others?.forEach((metric, i) => {
    if (metric.format) found.push([`/metrics/others/${i}/format`, metric.format]);
  });
  return found;
}

/**
 * A format the schema accepts can still be one Intl.NumberFormat refuses (minimumFractionDigits
 * above maximumFractionDigits): found here, at load, it is MANIFEST_INVALID with its place,
 * rather than a RangeError while a result renders, which left "Predicting…" on screen.
 */
function checkNumberFormats(manifest: ModelManifest, problems: string[]): void {
  for (const [place, format] of numberFormats(manifest)) {
    const { minimumFractionDigits: min, maximumFractionDigits: max } = format;
    if (min !== undefined && max !== undefined && min > max) {
      problems.push(
        `${place}: minimumFractionDigits ${min} is greater than maximumFractionDigits ${max}`,
      );
      continue;
    }
    try {
      new Intl.NumberFormat('en', format);
    } catch (error) {
      problems.push(
        `${place}: not a usable number format (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
}

function checkNumericFeatures(manifest: ModelManifest, problems: string[]): void {
  const numeric = manifest.model.numeric;
  for (const feature of numeric?.features ?? []) {
    const input = manifest.inputs.find((spec) => spec.name === feature.input);
    if (!input) problems.push(`numeric feature names unknown input "${feature.input}"`);
    else if (feature.equals !== undefined && input.type !== 'category') {
      problems.push(
        `numeric feature "${feature.input} = ${feature.equals}" needs a category input`,
      );
    } else if (feature.equals === undefined && input.type !== 'number') {
      problems.push(
        `numeric feature "${feature.input}" needs a number input, or an "equals" category`,
      );
    } else if (input.type === 'category' && !input.categories.includes(feature.equals!)) {
      problems.push(
        `numeric feature "${feature.input} = ${feature.equals}" is not one of its categories`,
      );
    }
  }
  if (numeric && numeric.input.dtype !== 'float32') {
    problems.push(`numeric model input must be float32, not ${numeric.input.dtype}`);
  }
}

function checkOutputs(manifest: ModelManifest, problems: string[]): void {
  if (isRegression(manifest)) {
    if (manifest.outputs.value.dtype !== 'float32') {
      problems.push(`regression value tensor must be float32, not ${manifest.outputs.value.dtype}`);
    }
    const interval = manifest.outputs.interval;
    if (interval && interval.lower > interval.upper) {
      problems.push(`interval lower ${interval.lower} > upper ${interval.upper}`);
    }
    if (interval && !manifest.metrics.crossValidation) {
      problems.push('interval needs the cross-validation it was measured in');
    }
    return;
  }
  const outputs = manifest.outputs;
  if (outputs.probabilities.dtype !== 'float32') {
    problems.push(`probabilities tensor must be float32, not ${outputs.probabilities.dtype}`);
  }
  if (outputs.label.dtype === 'float32') {
    problems.push('label tensor must be string or int64');
  }
  if (outputs.positive !== undefined && !outputs.classes.includes(outputs.positive)) {
    problems.push(
      `positive class "${outputs.positive}" is not one of ${outputs.classes.join(', ')}`,
    );
  }
}
