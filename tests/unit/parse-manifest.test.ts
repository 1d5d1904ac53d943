import { describe, expect, it } from 'vitest';
import { ErrorCode, FormcastError } from '../../src/errors';
import type { ClassificationManifest } from '../../src/manifest/manifest-types';
import { parseManifest } from '../../src/manifest/parse-manifest';
import { readManifestJson } from './helpers';

type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };
type Editable = DeepMutable<ClassificationManifest>;

/** A fresh copy of the real manifest with `edit` applied. */
function edited(edit: (manifest: Editable) => void): Editable {
  const manifest = readManifestJson() as Editable;
  edit(manifest);
  return manifest;
}

/** The FormcastError parseManifest throws for `value`; fails the test if it throws none. */
function rejection(value: unknown, source?: string): FormcastError {
  try {
    parseManifest(value, source);
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    return error as FormcastError;
  }
  throw new Error('parseManifest accepted an invalid manifest');
}

describe('parseManifest', () => {
  it('accepts the real drug manifest and returns it unchanged', () => {
    const json = readManifestJson();
    const manifest = parseManifest(json);
    expect(manifest).toEqual(readManifestJson());
    expect(manifest.id).toBe('drug');
  });

  describe('schema violations are MANIFEST_INVALID and name the location', () => {
    it.each<[string, (m: Editable) => void, RegExp]>([
      [
        'a missing version',
        (m) => Reflect.deleteProperty(m, 'version'),
        /\/: .*required property "version"/,
      ],
      [
        'inputs that are not an array',
        (m) => {
          (m as { inputs: unknown }).inputs = { Age: m.inputs[0] };
        },
        /\/inputs: .*"object".*"array"/,
      ],
      [
        'a number input without min',
        (m) => Reflect.deleteProperty(m.inputs[0]!, 'min'),
        /\/inputs\/0: .*required property "min"/,
      ],
      [
        'an unknown input type',
        (m) => {
          (m.inputs[1] as { type: string }).type = 'boolean';
        },
        /\/inputs\/1\/type: /,
      ],
      [
        'a model sha256 that is not 64 lowercase hex digits',
        (m) => {
          m.model.sha256 = m.model.sha256.toUpperCase();
        },
        /\/model\/sha256: .*pattern/,
      ],
      [
        'schemaVersion 2',
        (m) => {
          (m as { schemaVersion: number }).schemaVersion = 2;
        },
        /\/schemaVersion: /,
      ],
      [
        'an unexpected top-level property',
        (m) => {
          (m as { extra?: number }).extra = 1;
        },
        /"extra"/,
      ],
      [
        'a createdAt that is not a date-time',
        (m) => {
          m.createdAt = 'yesterday';
        },
        /\/createdAt: .*date-time/,
      ],
      [
        'a single output class',
        (m) => {
          m.outputs.classes = ['DrugY'];
        },
        /\/outputs\/classes: /,
      ],
    ])('rejects %s', (_, edit, location) => {
      const error = rejection(edited(edit));
      expect(error.code).toBe(ErrorCode.ManifestInvalid);
      expect(error.message).toMatch(/^manifest\.json does not match the manifest schema: /);
      expect(error.message).toMatch(location);
    });

    it.each([
      ['null', null],
      ['a string', 'manifest'],
      ['an array', []],
    ])('rejects %s with a FormcastError, not a TypeError', (_, value) => {
      expect(rejection(value).code).toBe(ErrorCode.ManifestInvalid);
    });

    it('names the source it was given', () => {
      const error = rejection(
        edited((m) => Reflect.deleteProperty(m, 'version')),
        'models/drug/manifest.json',
      );
      expect(error.message).toMatch(/^models\/drug\/manifest\.json /);
    });

    it('summarises instead of listing every problem', () => {
      const error = rejection({});
      // 15 required properties are missing; the message lists a few and counts the rest.
      expect(error.message).toMatch(/\(and \d+ more\)$/);
      expect(error.message.split('; ').length).toBeLessThanOrEqual(4);
    });
  });

  describe('cross-field rules are MANIFEST_INVALID and name the input', () => {
    it.each<[string, (m: Editable) => void, string]>([
      [
        'duplicate input names',
        (m) => {
          m.inputs.push(structuredClone(m.inputs[4]!));
        },
        'input "Na_to_K" is listed twice',
      ],
      [
        'a numeric feature naming an unknown input',
        (m) => {
          m.model.numeric!.features.push({ input: 'Weight' });
        },
        'numeric feature names unknown input "Weight"',
      ],
      [
        'a numeric feature flag for a category the input does not have',
        (m) => {
          m.model.numeric!.features[2] = { input: 'BP', equals: 'VERY HIGH' };
        },
        'numeric feature "BP = VERY HIGH" is not one of its categories',
      ],
      [
        'a numeric feature using a category input as a number',
        (m) => {
          m.model.numeric!.features[0] = { input: 'Sex' };
        },
        'numeric feature "Sex" needs a number input',
      ],
      [
        'min greater than max',
        (m) => {
          const ageInput = m.inputs[0]!;
          if (ageInput.type !== 'number') throw new Error('Age should be a number input');
          ageInput.min = 80;
        },
        'input "Age" has min 80 > max 74',
      ],
      [
        'a category input feeding a float32 tensor',
        (m) => {
          m.inputs[1]!.tensor.dtype = 'float32';
        },
        'category input "Sex" must feed a string tensor',
      ],
      [
        'a number input feeding a string tensor',
        (m) => {
          m.inputs[0]!.tensor.dtype = 'string';
        },
        'number input "Age" cannot feed a string tensor',
      ],
      [
        'an example that is not among the categories',
        (m) => {
          m.inputs[2]!.example = 'VERY HIGH';
        },
        'input "BP" example "VERY HIGH" is not one of HIGH, LOW, NORMAL',
      ],
      [
        'a probabilities tensor that is not float32',
        (m) => {
          m.outputs.probabilities.dtype = 'string';
        },
        'probabilities tensor must be float32, not string',
      ],
    ])('rejects %s', (_, edit, problem) => {
      const error = rejection(edited(edit));
      expect(error.code).toBe(ErrorCode.ManifestInvalid);
      expect(error.message).toMatch(/^manifest\.json is inconsistent: /);
      expect(error.message).toContain(problem);
    });

    it('lists every inconsistency at once', () => {
      const error = rejection(
        edited((m) => {
          m.inputs[1]!.tensor.dtype = 'float32';
          m.inputs[2]!.example = 'VERY HIGH';
        }),
      );
      expect(error.message).toContain('"Sex"');
      expect(error.message).toContain('"BP"');
    });

    it('allows an optional number the model takes as missing (missing.value null), not a category', () => {
      const native = edited((m) => {
        Object.assign(m.inputs[0]!, {
          optional: true,
          missing: { value: null, strategy: 'model' },
        });
      });
      expect(() => parseManifest(native)).not.toThrow();
      const category = edited((m) => {
        Object.assign(m.inputs[1]!, {
          optional: true,
          missing: { value: null, strategy: 'model' },
        });
      });
      expect(rejection(category).message).toMatch(/\/inputs\/1\/missing\/value/);
    });

    it('allows a number input to feed an int64 tensor', () => {
      expect(() =>
        parseManifest(edited((m) => (m.inputs[0]!.tensor.dtype = 'int64'))),
      ).not.toThrow();
    });
  });

  describe('a model exported without its target column (no metrics measured)', () => {
    const unmeasured = (m: Editable) => {
      m.metrics = { notMeasured: 'No metric was measured: exported without the target column.' };
    };

    it('is accepted with notMeasured instead of crossValidation and class counts', () => {
      const manifest = parseManifest(edited(unmeasured));
      expect(manifest.metrics.crossValidation).toBeUndefined();
      expect(manifest.metrics.notMeasured).toMatch(/^No metric was measured/);
    });

    it('is refused with neither, or with both', () => {
      const neither = edited((m) => (m.metrics = {} as Editable['metrics']));
      expect(rejection(neither).message).toMatch(/\/metrics: /);
      const both = edited((m) => (m.metrics.notMeasured = 'none'));
      expect(rejection(both).code).toBe(ErrorCode.ManifestInvalid);
    });

    it('still needs class counts when it was cross-validated', () => {
      const error = rejection(edited((m) => Reflect.deleteProperty(m.metrics, 'classCounts')));
      expect(error.message).toContain('classCounts');
    });
  });
});
