import { ErrorCode, FormcastError } from '../errors';
import type { ModelValues } from '../inputs/validate-inputs';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import { buildColumns, columnsOf, encodeFeatures, type InputColumns, sliceColumns } from './feeds';
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

/** Runs validated rows, laid out by column (batch scoring), through the model. */
export type RunColumns = (columns: InputColumns) => Promise<RunOutput>;

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
 * Binds a session to its manifest: columns → feeds → session.run in slices of at most
 * MAX_RUN_ROWS, each slice queued on `enqueue` so runs never overlap → outputs checked against
 * the manifest.
 */
export function createColumnRunner(
  manifest: ModelManifest,
  session: ModelSession,
  enqueue: <T>(job: () => Promise<T>) => Promise<T>,
): RunColumns {
  const shape = outputShape(manifest);
  const k = shape.width;
  const readLabels = shape.label === undefined ? undefined : labelReader(manifest);

  async function runSlice(columns: InputColumns): Promise<RunOutput> {
    const rows = columns.length;
    const numeric = manifest.model.numeric;
    const feeds = numeric
      ? { [numeric.input.name]: encodeFeatures(numeric.features, columns, manifest.inputs) }
      : buildColumns(manifest.inputs, columns);
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
    if (!scoreOut || scoreOut.data.length !== rows * k || (shape.label && !labelOut)) {
      throw new FormcastError(
        ErrorCode.InferenceFailed,
        `The model returned ${describe(scoreOut)} where the manifest expects ${k} ${k === 1 ? 'value' : 'values'} per row for ${rows} rows.`,
      );
    }
    const labels = labelOut && readLabels ? readLabels(labelOut.data, rows) : null;
    // ORT copies outputs out of WASM memory, so a Float32Array here is ours to keep.
    const scores =
      scoreOut.data instanceof Float32Array
        ? scoreOut.data
        : Float32Array.from(scoreOut.data as ArrayLike<number>);
    return { labels, scores, width: k };
  }

  return async (columns) => {
    const n = columns.length;
    if (n === 0) return { labels: shape.label ? [] : null, scores: new Float32Array(0), width: k };
    if (n <= MAX_RUN_ROWS) return runSlice(columns);
    const labels: string[] | null = shape.label ? [] : null;
    const scores = new Float32Array(n * k);
    for (let start = 0; start < n; start += MAX_RUN_ROWS) {
      // Between runs, the worker answers the page's pings (see predict-rows.ts).
      if (start > 0) await yieldToEvents();
      const part = await runSlice(sliceColumns(columns, start, Math.min(n, start + MAX_RUN_ROWS)));
      if (labels && part.labels) for (const label of part.labels) labels.push(label);
      scores.set(part.scores, start * k);
    }
    return { labels, scores, width: k };
  };
}

/** The same runner for rows given as values by input name (single predictions, predictBatch). */
export function createRowRunner(
  manifest: ModelManifest,
  session: ModelSession,
  enqueue: <T>(job: () => Promise<T>) => Promise<T>,
): RunRows {
  const run = createColumnRunner(manifest, session, enqueue);
  return (rows) => run(columnsOf(manifest.inputs, rows));
}

/**
 * Reads a label tensor as the manifest's class names. An int64 label (a bigint per element) is
 * read through its low and high 32-bit words: making a bigint and a fresh string per row was a
 * measurable share of a batch, and class ids are small numbers.
 */
function labelReader(
  manifest: ModelManifest,
): (data: OutputTensor['data'], rows: number) => string[] {
  const classes = isRegression(manifest) ? [] : manifest.outputs.classes;
  const byId = new Map<number, string>();
  for (const name of classes) {
    const id = Number(name);
    if (Number.isInteger(id) && String(id) === name && Math.abs(id) < 2 ** 31) byId.set(id, name);
  }
  return (data, rows) => {
    const labels = new Array<string>(rows);
    if (data instanceof BigInt64Array) {
      const words = new Int32Array(data.buffer, data.byteOffset, rows * 2);
      for (let i = 0; i < rows; i++) {
        const low = words[2 * i]!;
        const known = words[2 * i + 1] === low >> 31 ? byId.get(low) : undefined;
        // String() turns an unexpected int64 label into its decimal name, as before.
        labels[i] = known ?? String(data[i]);
      }
    } else {
      for (let i = 0; i < rows; i++) labels[i] = String(data[i]);
    }
    return labels;
  };
}

function describe(tensor: OutputTensor | undefined): string {
  return tensor ? `a tensor shaped [${tensor.dims.join(', ')}]` : 'no output';
}
