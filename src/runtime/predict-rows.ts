import { type ModelValues, type RawValues, validateInputs } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchPrediction } from './answers';
import { rowAnswer } from './read-answers';
import type { RunRows } from './run-rows';
import { yieldToEvents } from './yield-to-events';

/** Rows validated between two yields to the worker's event loop (≈ 50 ms of work). */
const ROWS_BETWEEN_YIELDS = 50_000;

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
  // Millions of rows take seconds: yield now and then, so the worker still answers the page's
  // pings and is not taken for hung.
  const checks: ReturnType<typeof validateInputs>[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % ROWS_BETWEEN_YIELDS === 0) await yieldToEvents();
    checks.push(validateInputs(manifest.inputs, rows[i]!));
  }
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
