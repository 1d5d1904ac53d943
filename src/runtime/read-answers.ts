import {
  type ClassificationManifest,
  isRegression,
  type ModelManifest,
  type RegressionManifest,
} from '../manifest/manifest-types';
import { valueRange } from '../manifest/outputs';
import type { ClassAnswer, RowAnswer, ValueAnswer } from './answers';
import type { RunOutput } from './run-rows';

/**
 * The answer for row `i` of a model run, read as the manifest's task says. Every answer goes
 * through here: a single prediction, predictBatch() rows and the what-if views alike.
 */
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
  // fromEntries makes each class a key of its own, `__proto__` included (see records.ts).
  const probabilities = Object.fromEntries(
    classes.map((c, j) => [c, output.scores[i * classes.length + j]!]),
  );
  return { label: output.labels![i]!, probabilities };
}
