import { ErrorCode, FormcastError } from '../errors';
import type { ModelValues } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import { buildColumns, encodeFeatures } from './feeds';
import type { ModelSession } from './onnx-session';

/**
 * Most rows per session.run. WASM memory grows to fit the largest run and never shrinks
 * (≈ 69 MB after one 1M-row run), while runs of 50k rows cost no measurable throughput.
 */
export const MAX_RUN_ROWS = 50_000;

/** The model's answers for a list of rows, in row order. */
export interface RunOutput {
  readonly labels: string[];
  /** Row-major [rows × classes], classes in the manifest's order. */
  readonly probabilities: Float32Array;
}

/** Runs validated rows through the model. */
export type RunRows = (rows: readonly ModelValues[]) => Promise<RunOutput>;

/**
 * Binds a session to its manifest: rows → [N,1] feeds → session.run in slices of at most
 * MAX_RUN_ROWS, each slice queued on `enqueue` so runs never overlap → outputs checked against
 * the manifest's classes.
 */
export function createRowRunner(
  manifest: ModelManifest,
  session: ModelSession,
  enqueue: <T>(job: () => Promise<T>) => Promise<T>,
): RunRows {
  const { label: labelSpec, probabilities: probSpec, classes } = manifest.outputs;
  const k = classes.length;

  async function runSlice(rows: readonly ModelValues[]): Promise<RunOutput> {
    const numeric = manifest.model.numeric;
    const feeds = numeric
      ? { [numeric.input.name]: encodeFeatures(numeric.features, rows) }
      : buildColumns(manifest.inputs, rows);
    const outputs = await enqueue(() => session.run(feeds, [labelSpec.name, probSpec.name])).catch(
      (error: unknown) => {
        throw new FormcastError(
          ErrorCode.InferenceFailed,
          `The model failed to run: ${error instanceof Error ? error.message : String(error)}`,
          {},
          { cause: error },
        );
      },
    );
    const labelOut = outputs[labelSpec.name];
    const probOut = outputs[probSpec.name];
    if (!labelOut || !probOut || probOut.dims[probOut.dims.length - 1] !== k) {
      throw new FormcastError(
        ErrorCode.InferenceFailed,
        `The model returned ${probOut ? `probabilities shaped [${probOut.dims.join(', ')}]` : 'no probabilities'} where the manifest expects ${k} classes.`,
      );
    }
    const labels = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) labels[i] = String(labelOut.data[i]);
    // ORT copies outputs out of WASM memory, so a Float32Array here is ours to keep.
    const probabilities =
      probOut.data instanceof Float32Array
        ? probOut.data
        : Float32Array.from(probOut.data as ArrayLike<number>);
    return { labels, probabilities };
  }

  return async (rows) => {
    if (rows.length === 0) return { labels: [], probabilities: new Float32Array(0) };
    if (rows.length <= MAX_RUN_ROWS) return runSlice(rows);
    const labels: string[] = [];
    const probabilities = new Float32Array(rows.length * k);
    for (let start = 0; start < rows.length; start += MAX_RUN_ROWS) {
      const part = await runSlice(rows.slice(start, start + MAX_RUN_ROWS));
      for (const label of part.labels) labels.push(label);
      probabilities.set(part.probabilities, start * k);
    }
    return { labels, probabilities };
  };
}
