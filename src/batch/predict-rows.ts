import { type ModelValues, type RawValues, validateInputs } from '../inputs/validate-inputs';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { valueRange } from '../manifest/outputs';
import type { RunRows } from '../runtime/batch-run';
import type { BatchPrediction } from './batch-types';

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
  const { labels, scores } = await run(valid);
  let v = 0;
  return checks.map((check): BatchPrediction => {
    if (!check.ok) {
      return { error: check.issues.map((i) => i.message).join('; '), issues: check.issues };
    }
    if (isRegression(manifest)) {
      const value = scores[v++]!;
      const range = valueRange(manifest.outputs, value);
      return range ? { value, range } : { value };
    }
    const classes = manifest.outputs.classes;
    const byClass: Record<string, number> = {};
    classes.forEach((c, j) => (byClass[c] = scores[v * classes.length + j]!));
    return { label: labels![v++]!, probabilities: byClass };
  });
}
