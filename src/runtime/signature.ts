import { ErrorCode, FormcastError } from '../errors';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import type { ValueInfo } from './onnx-session';

/**
 * Checks that the session's inputs and outputs are exactly what the manifest promises.
 * A mismatch means the manifest and the model were not exported together; guessing would feed
 * values to the wrong tensors, so we stop and name both sides.
 */
export function checkSignature(
  manifest: ModelManifest,
  session: { readonly inputs: readonly ValueInfo[]; readonly outputs: readonly ValueInfo[] },
): void {
  const numeric = manifest.model.numeric;
  const expectedInputs = numeric
    ? [{ name: numeric.input.name, dtype: numeric.input.dtype }]
    : manifest.inputs.map((i) => ({
        name: i.tensor.name,
        dtype: i.tensor.dtype,
      }));
  const expectedOutputs = isRegression(manifest)
    ? [manifest.outputs.value]
    : [manifest.outputs.label, manifest.outputs.probabilities];
  const problems: string[] = [];

  for (const want of expectedInputs) {
    const have = session.inputs.find((s) => s.name === want.name);
    if (!have) problems.push(`input "${want.name}" is in the manifest but not in the model`);
    else if (have.dtype !== want.dtype) {
      problems.push(
        `input "${want.name}" is ${want.dtype} in the manifest but ${have.dtype ?? 'not a tensor'} in the model`,
      );
    }
  }
  if (numeric) {
    // The tensor's width is the feature layout the manifest encodes; any other width would
    // shift every value into the wrong column.
    const width = session.inputs.find((s) => s.name === numeric.input.name)?.shape?.at(-1);
    if (typeof width === 'number' && width !== numeric.features.length) {
      problems.push(
        `input "${numeric.input.name}" takes ${width} features in the model but the manifest lists ${numeric.features.length}`,
      );
    }
  }
  for (const have of session.inputs) {
    if (!expectedInputs.some((w) => w.name === have.name)) {
      problems.push(`input "${have.name}" is in the model but not in the manifest`);
    }
  }
  for (const want of expectedOutputs) {
    const have = session.outputs.find((s) => s.name === want.name);
    if (!have) problems.push(`output "${want.name}" is in the manifest but not in the model`);
    else if (have.dtype !== want.dtype) {
      problems.push(
        `output "${want.name}" is ${want.dtype} in the manifest but ${have.dtype ?? 'not a tensor (export with ZipMap off)'} in the model`,
      );
    }
  }
  if (problems.length > 0) {
    const listValues = (list: readonly { name: string; dtype: string | undefined }[]) =>
      list.map((v) => `${v.name} (${v.dtype ?? 'non-tensor'})`).join(', ');
    throw new FormcastError(
      ErrorCode.ModelSignatureMismatch,
      `The model does not match its manifest: ${problems.join('; ')}. Manifest: inputs ${listValues(expectedInputs)}; outputs ${listValues(expectedOutputs)}. Model: inputs ${listValues(session.inputs)}; outputs ${listValues(session.outputs)}.`,
      { expected: listValues(expectedInputs), actual: listValues(session.inputs) },
    );
  }
}
