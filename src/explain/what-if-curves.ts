/** The answers to a {@link WhatIfPlan}'s rows, arranged as one curve or list per input. */
import type { BatchPrediction } from '../batch/batch-types';
import type { ModelValues } from '../inputs/validate-inputs';
import type { CategoryInputSpec, NumberInputSpec } from '../manifest/manifest-types';
import { ExplainError, ExplainErrorCode } from './explain-errors';
import type { WhatIfPlan } from './what-if-plan';

/** What the model says for one row. */
export interface Outcome {
  readonly label: string;
  /** One per class, in the manifest's class order. */
  readonly probabilities: readonly number[];
}

export interface CurvePoint extends Outcome {
  readonly x: number;
}

export interface NumberCurve {
  readonly spec: NumberInputSpec;
  readonly points: readonly CurvePoint[];
  readonly currentIndex: number;
}

export interface CategoryOutcome extends Outcome {
  readonly category: string;
  readonly current: boolean;
}

export interface CategoryOutcomes {
  readonly spec: CategoryInputSpec;
  /** Every category in the manifest's order, the current one marked. */
  readonly outcomes: readonly CategoryOutcome[];
}

export interface WhatIf {
  readonly values: ModelValues;
  readonly classes: readonly string[];
  /** The prediction at the current values. */
  readonly current: Outcome;
  readonly numbers: readonly NumberCurve[];
  readonly categories: readonly CategoryOutcomes[];
}

function outcome(
  result: BatchPrediction | undefined,
  classes: readonly string[],
  row: number,
): Outcome {
  if (!result || 'error' in result) {
    throw new ExplainError(
      ExplainErrorCode.WhatIfInvalid,
      `what-if row ${row} has no prediction${result ? `: ${result.error}` : ''}`,
    );
  }
  return { label: result.label, probabilities: classes.map((c) => result.probabilities[c] ?? 0) };
}

/**
 * Reads predictBatch's answers back into curves. `current` is the form's own prediction: it
 * stands for the current category of each category input, which the plan does not re-predict.
 * @throws {ExplainError} WHAT_IF_INVALID when an answer is missing or is an error.
 */
export function readWhatIf(
  plan: WhatIfPlan,
  results: readonly BatchPrediction[],
  classes: readonly string[],
  current: Outcome,
): WhatIf {
  if (results.length !== plan.rows.length) {
    throw new ExplainError(
      ExplainErrorCode.WhatIfInvalid,
      `asked for ${plan.rows.length} what-if rows, got ${results.length}`,
    );
  }
  const numbers = plan.numbers.map((sweep) => ({
    spec: sweep.spec,
    currentIndex: sweep.currentIndex,
    points: sweep.xs.map((x, i) => ({
      x,
      ...outcome(results[sweep.start + i], classes, sweep.start + i),
    })),
  }));
  const categories = plan.categories.map((sweep) => ({
    spec: sweep.spec,
    outcomes: sweep.spec.categories.map((category) => {
      const i = sweep.alternatives.indexOf(category);
      if (i < 0) return { category, current: true, ...current };
      return {
        category,
        current: false,
        ...outcome(results[sweep.start + i], classes, sweep.start + i),
      };
    }),
  }));
  return { values: plan.values, classes, current, numbers, categories };
}
