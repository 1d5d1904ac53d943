/**
 * "Check this model in this browser": the model directory's golden.json (rows with the answers
 * the fitted model gave at export time) run through the page's own predictor worker, compared
 * within the manifest's tolerance. Loaded on demand by the model card, never on the way to the
 * first prediction.
 */
import type { ModelManifest } from '../manifest/manifest-types';
import type { BatchPrediction } from '../runtime/answers';

/** One golden row: input values (null: an optional field left empty) and the expected answer. */
export interface GoldenRow {
  readonly kind: string;
  readonly note?: string;
  readonly inputs: Readonly<Record<string, number | string | null>>;
  readonly label?: string;
  readonly probabilities?: readonly number[];
  readonly value?: number;
}

export interface GoldenFile {
  readonly task?: 'classification' | 'binary' | 'regression';
  /** Classification: absolute per probability; regression: relative to the value. */
  readonly tolerance: number;
  readonly classes?: readonly string[];
  readonly rows: readonly GoldenRow[];
}

/** The first row that disagrees, named. */
export interface GoldenMismatch {
  readonly index: number;
  readonly note: string;
  /** What the browser gave against what was expected, in words. */
  readonly detail: string;
}

export interface GoldenCheck {
  readonly rows: number;
  readonly agree: number;
  /** Largest |difference| of a probability, or relative difference of a value, over all rows. */
  readonly largestDifference: number;
  readonly relative: boolean;
  readonly tolerance: number;
  readonly firstMismatch?: GoldenMismatch;
}

/** What a predictor must offer: the page's own, whose worker already holds the model. */
export interface BatchPredictor {
  readonly modelDirUrl: string;
  predictBatch(
    rows: readonly Readonly<Record<string, number | string | null>>[],
    options?: { readonly signal?: AbortSignal },
  ): Promise<BatchPrediction[]>;
}

function difference(expected: number, got: number, relative: boolean): number {
  const d = Math.abs(got - expected);
  return relative ? d / Math.max(1, Math.abs(expected)) : d;
}

/** Compares answers (in golden row order) with the golden rows. Pure. */
export function compareGolden(
  golden: GoldenFile,
  answers: readonly BatchPrediction[],
): GoldenCheck {
  const relative = golden.task === 'regression';
  let agree = 0;
  let largest = 0;
  let firstMismatch: GoldenMismatch | undefined;
  golden.rows.forEach((row, index) => {
    const answer = answers[index];
    let problem: string | undefined;
    let worst = 0;
    if (!answer) problem = 'no answer';
    else if ('error' in answer) problem = answer.error;
    else if ('value' in answer) {
      worst = difference(row.value ?? Number.NaN, answer.value, true);
      if (!(worst <= golden.tolerance)) problem = `value ${answer.value}, expected ${row.value}`;
    } else {
      const classes = golden.classes ?? [];
      worst = Math.max(
        0,
        ...classes.map((c, k) =>
          difference(row.probabilities?.[k] ?? Number.NaN, answer.probabilities[c] ?? NaN, false),
        ),
      );
      if (answer.label !== row.label) problem = `label ${answer.label}, expected ${row.label}`;
      else if (!(worst <= golden.tolerance))
        problem = `probabilities differ by ${worst.toPrecision(2)}`;
    }
    largest = Math.max(largest, Number.isNaN(worst) ? Number.POSITIVE_INFINITY : worst);
    if (problem === undefined) agree++;
    else firstMismatch ??= { index, note: row.note ?? row.kind, detail: problem };
  });
  return {
    rows: golden.rows.length,
    agree,
    largestDifference: largest,
    relative,
    tolerance: golden.tolerance,
    ...(firstMismatch ? { firstMismatch } : {}),
  };
}

/** Fetches golden.json next to the model and runs every row through `predictor`'s worker. */
export async function checkGolden(
  manifest: ModelManifest,
  predictor: BatchPredictor,
  signal?: AbortSignal,
): Promise<GoldenCheck> {
  const url = new URL(manifest.golden.file, predictor.modelDirUrl);
  const response = await fetch(url, { signal, cache: 'no-cache' });
  if (!response.ok) throw new Error(`${manifest.golden.file}: HTTP ${response.status}`);
  const golden = (await response.json()) as GoldenFile;
  const answers = await predictor.predictBatch(
    golden.rows.map((row) => row.inputs),
    { signal },
  );
  return compareGolden(golden, answers);
}

function shown(x: number): string {
  return x === 0 ? '0' : x.toPrecision(2);
}

/**
 * The outcome in one sentence: "226/226 rows agree with scikit-learn, largest difference 0", or
 * the first row that does not.
 */
export function describeGoldenCheck(check: GoldenCheck): string {
  const largest = `largest ${check.relative ? 'relative ' : ''}difference ${shown(check.largestDifference)}`;
  const agree = `${check.agree}/${check.rows} rows agree with scikit-learn`;
  const mismatch = check.firstMismatch;
  if (!mismatch) return `${agree}, ${largest}.`;
  return (
    `${agree}; row ${mismatch.index} (${mismatch.note}) differs: ${mismatch.detail} ` +
    `(tolerance ${check.tolerance}).`
  );
}
