import { describe, expect, it } from 'vitest';
import { ErrorCode, FormcastError } from '../../src/errors';
import type { ValueInfo } from '../../src/runtime/onnx-session';
import { checkSignature } from '../../src/runtime/signature';
import { realManifest } from './helpers';

// These cases are about the string-input model.onnx (one tensor per column); the numeric
// variant's single tensor is covered at the end.
const withNumeric = realManifest();
const manifest = { ...withNumeric, model: { ...withNumeric.model, numeric: undefined } };

interface SessionInfo {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

/** What onnxruntime-web reports for a model exported together with the manifest. */
function matchingSession(): SessionInfo {
  return {
    inputs: manifest.inputs.map((i) => ({ name: i.tensor.name, dtype: i.tensor.dtype })),
    outputs: [
      { name: manifest.outputs.label.name, dtype: manifest.outputs.label.dtype },
      { name: manifest.outputs.probabilities.name, dtype: manifest.outputs.probabilities.dtype },
    ],
  };
}

function mismatch(session: SessionInfo): FormcastError {
  try {
    checkSignature(manifest, session);
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    const formcastError = error as FormcastError;
    expect(formcastError.code).toBe(ErrorCode.ModelSignatureMismatch);
    // Both sides are named so whoever deploys can see which file is stale.
    expect(formcastError.message).toContain('Manifest: inputs Age (float32)');
    expect(formcastError.message).toContain('Model: inputs ');
    return formcastError;
  }
  throw new Error('checkSignature accepted a mismatched session');
}

describe('checkSignature', () => {
  it('accepts a session whose inputs and outputs match the manifest', () => {
    expect(() => checkSignature(manifest, matchingSession())).not.toThrow();
  });

  it('accepts inputs in a different order, since they are matched by name', () => {
    const session = matchingSession();
    session.inputs.reverse();
    expect(() => checkSignature(manifest, session)).not.toThrow();
  });

  it('rejects a model without one of the manifest inputs', () => {
    const session = matchingSession();
    session.inputs = session.inputs.filter((i) => i.name !== 'Cholesterol');
    const error = mismatch(session);
    expect(error.message).toContain('input "Cholesterol" is in the manifest but not in the model');
    expect(error.details.expected).toContain('Cholesterol (string)');
    expect(error.details.actual).not.toContain('Cholesterol');
  });

  it('rejects a model with an input the manifest does not know', () => {
    const session = matchingSession();
    session.inputs.push({ name: 'Weight', dtype: 'float32' });
    const error = mismatch(session);
    expect(error.message).toContain('input "Weight" is in the model but not in the manifest');
    expect(error.details.actual).toContain('Weight (float32)');
  });

  it('rejects an input whose dtype differs, naming both dtypes', () => {
    const session = matchingSession();
    session.inputs[0] = { name: 'Age', dtype: 'float64' };
    const error = mismatch(session);
    expect(error.message).toContain(
      'input "Age" is float32 in the manifest but float64 in the model',
    );
    expect(error.message).toContain('Model: inputs Age (float64)');
  });

  it('rejects a model without the probabilities output', () => {
    const session = matchingSession();
    session.outputs = session.outputs.filter((o) => o.name !== 'probabilities');
    const error = mismatch(session);
    expect(error.message).toContain(
      'output "probabilities" is in the manifest but not in the model',
    );
  });

  it('rejects a non-tensor probabilities output (ZipMap) and says how to export', () => {
    const session = matchingSession();
    session.outputs[1] = { name: 'probabilities', dtype: undefined };
    const error = mismatch(session);
    expect(error.message).toContain(
      'output "probabilities" is float32 in the manifest but not a tensor',
    );
    expect(error.message).toContain('ZipMap off');
    expect(error.message).toContain('probabilities (non-tensor)');
  });

  it('lists every problem at once', () => {
    const session = matchingSession();
    session.inputs = session.inputs.filter((i) => i.name !== 'Sex');
    session.outputs = session.outputs.filter((o) => o.name !== 'label');
    const error = mismatch(session);
    expect(error.message).toContain('input "Sex"');
    expect(error.message).toContain('output "label"');
  });
});

describe('checkSignature for the numeric variant', () => {
  const numeric = withNumeric.model.numeric!;
  const outputs = matchingSession().outputs;

  it('accepts one float32 tensor as wide as the feature layout', () => {
    const session = {
      inputs: [{ name: 'features', dtype: 'float32', shape: ['N', numeric.features.length] }],
      outputs,
    };
    expect(() => checkSignature(withNumeric, session)).not.toThrow();
  });

  it('rejects a tensor whose width differs from the layout, naming both widths', () => {
    const session = { inputs: [{ name: 'features', dtype: 'float32', shape: ['N', 7] }], outputs };
    expect(() => checkSignature(withNumeric, session)).toThrow(
      `input "features" takes 7 features in the model but the manifest lists ${numeric.features.length}`,
    );
  });

  it('rejects the string-input model where the numeric one is expected', () => {
    expect(() => checkSignature(withNumeric, matchingSession())).toThrow(
      'input "features" is in the manifest but not in the model',
    );
  });
});
