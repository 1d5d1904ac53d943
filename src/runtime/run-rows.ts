import { ErrorCode, FormcastError } from '../errors';
import type { ModelValues } from '../inputs/validate-inputs';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { buildColumns, encodeFeatures } from './feeds';
import type { ModelSession, OutputTensor } from './onnx-session';
import { yieldToEvents } from './yield-to-events';

/**
 * Most rows per session.run. WASM memory grows to fit the largest run and never shrinks
 * (≈ 69 MB after one 1M-row run), while runs of 50k rows cost no measurable throughput.
 */
export const MAX_RUN_ROWS = 50_000;

/**
 * The model's answers for a list of rows, in row order: a label per row with `width`
 * probabilities (classes in the manifest's order), or for regression no labels and one value per
 * row (`width` 1).
 */
export interface RunOutput {
  readonly labels: string[] | null;
  /** Row-major [rows × width]: probabilities per class, or the predicted value. */
  readonly scores: Float32Array;
  readonly width: number;
}

/** Runs validated rows through the model. */
export type RunRows = (rows: readonly ModelValues[]) => Promise<RunOutput>;

/** Output tensors a manifest reads, and how many numbers each row gets. */
function outputShape(manifest: ModelManifest): {
  readonly names: readonly string[];
  readonly width: number;
  readonly scores: string;
  readonly label?: string;
} {
  if (isRegression(manifest)) {
    return { names: [manifest.outputs.value.name], width: 1, scores: manifest.outputs.value.name };
  }
  const { label, probabilities, classes } = manifest.outputs;
  return {
    names: [label.name, probabilities.name],
    width: classes.length,
    scores: probabilities.name,
    label: label.name,
  };
}

/**
 * Binds a session to its manifest: rows → feeds → session.run in slices of at most
 * MAX_RUN_ROWS, each slice queued on `enqueue` so runs never overlap → outputs checked against
 * the manifest.
 */
export function createRowRunner(
  manifest: ModelManifest,
  session: ModelSession,
  enqueue: <T>(job: () => Promise<T>) => Promise<T>,
): RunRows {
  const shape = outputShape(manifest);
  const k = shape.width;

  async function runSlice(rows: readonly ModelValues[]): Promise<RunOutput> {
    const numeric = manifest.model.numeric;
    const feeds = numeric
      ? { [numeric.input.name]: encodeFeatures(numeric.features, rows, manifest.inputs) }
      : buildColumns(manifest.inputs, rows);
    const outputs = await enqueue(() => session.run(feeds, shape.names)).catch((error: unknown) => {
      throw new FormcastError(
        ErrorCode.InferenceFailed,
        `The model failed to run: ${error instanceof Error ? error.message : String(error)}`,
        {},
        { cause: error },
      );
    });
    const scoreOut = outputs[shape.scores];
    const labelOut = shape.label === undefined ? undefined : outputs[shape.label];
    if (!scoreOut || scoreOut.data.length !== rows.length * k || (shape.label && !labelOut)) {
      throw new FormcastError(
        ErrorCode.InferenceFailed,
        `The model returned ${describe(scoreOut)} where the manifest expects ${k} ${k === 1 ? 'value' : 'values'} per row for ${rows.length} rows.`,
      );
    }
    let labels: string[] | null = null;
    if (labelOut) {
      labels = new Array<string>(rows.length);
      // String() also turns an int64 label (a bigint) into the manifest's decimal class name.
      for (let i = 0; i < rows.length; i++) labels[i] = String(labelOut.data[i]);
    }
    // ORT copies outputs out of WASM memory, so a Float32Array here is ours to keep.
    const scores =
      scoreOut.data instanceof Float32Array
        ? scoreOut.data
        : Float32Array.from(scoreOut.data as ArrayLike<number>);
    return { labels, scores, width: k };
  }

  return async (rows) => {
    if (rows.length === 0)
      return { labels: shape.label ? [] : null, scores: new Float32Array(0), width: k };
    if (rows.length <= MAX_RUN_ROWS) return runSlice(rows);
    const labels: string[] | null = shape.label ? [] : null;
    const scores = new Float32Array(rows.length * k);
    for (let start = 0; start < rows.length; start += MAX_RUN_ROWS) {
      // Between runs, the worker answers the page's pings (see predict-rows.ts).
      if (start > 0) await yieldToEvents();
      const part = await runSlice(rows.slice(start, start + MAX_RUN_ROWS));
      if (labels && part.labels) for (const label of part.labels) labels.push(label);
      scores.set(part.scores, start * k);
    }
    return { labels, scores, width: k };
  };
}

function describe(tensor: OutputTensor | undefined): string {
  return tensor ? `a tensor shaped [${tensor.dims.join(', ')}]` : 'no output';
}
