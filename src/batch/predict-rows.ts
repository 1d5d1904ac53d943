import { type ModelValues, type RawValues, validateInputs } from '../inputs/validate-inputs';
import {
  type ClassificationManifest,
  isRegression,
  type ModelManifest,
  type RegressionManifest,
} from '../manifest/manifest-types';
import { valueRange } from '../manifest/outputs';
import type { RunOutput, RunRows } from '../runtime/batch-run';
import type { BatchPrediction } from './batch-types';

/** One scored row's answer: a class with every class's probability, or a value with its range. */
export type RowAnswer = Exclude<BatchPrediction, { readonly error: string }>;
export type ValueAnswer = Extract<RowAnswer, { readonly value: number }>;
export type ClassAnswer = Extract<RowAnswer, { readonly label: string }>;

/** The answer for row `i` of a model run, read as the manifest's task says. */
export function rowAnswer(manifest: RegressionManifest, output: RunOutput, i: number): ValueAnswer;
export function rowAnswer(
  manifest: ClassificationManifest,
  output: RunOutput,
  i: number,
): ClassAnswer;
export function rowAnswer(manifest: ModelManifest, output: RunOutput, i: number): RowAnswer;
export function rowAnswer(manifest: ModelManifest, output: RunOutput, i: number): RowAnswer {
  if (isRegression(manifest)) {
    const value = output.scores[i]!;
    const range = valueRange(manifest.outputs, value);
    return range ? { value, range } : { value };
  }
  const classes = manifest.outputs.classes;
  const probabilities: Record<string, number> = {};
  classes.forEach((c, j) => (probabilities[c] = output.scores[i * classes.length + j]!));
  return { label: output.labels![i]!, probabilities };
}

/**
 * Predicts many rows at once, for code rather than files: each row is validated like the form's
 * values, the valid ones go through the model together, and the answers come back in input
 * order, an invalid row answering with its problems instead of failing the whole call.
 */
export async function predictRows(
  manifest: ModelManifest,
  rows: readonly RawValues[],
  run: RunRows,
): Promise<BatchPrediction[]> {
  const checks = rows.map((row) => validateInputs(manifest.inputs, row));
  const valid: ModelValues[] = [];
  for (const check of checks) if (check.ok) valid.push(check.values);
  const output = await run(valid);
  let v = 0;
  return checks.map((check): BatchPrediction => {
    if (!check.ok) {
      return { error: check.issues.map((i) => i.message).join('; '), issues: check.issues };
    }
    return rowAnswer(manifest, output, v++);
  });
}
