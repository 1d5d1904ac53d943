/** The answers to a {@link WhatIfPlan}'s rows, arranged as one curve or list per input. */
import type { BatchPrediction, ClassAnswer, RowAnswer, ValueAnswer } from '../runtime/answers';
import type { ModelValues } from '../inputs/validate-inputs';
import {
  type CategoryInputSpec,
  isRegression,
  type ModelManifest,
  type NumberInputSpec,
} from '../manifest/manifest-types';
import { ExplainError, ExplainErrorCode } from './explain-errors';
import type { WhatIfPlan } from './what-if-plan';
import { own } from '../manifest/records';

/** What a classification or binary model says for one row, its probabilities in class order. */
export interface ClassOutcome extends Pick<ClassAnswer, 'label'> {
  /** One per class, in the manifest's class order. */
  readonly probabilities: readonly number[];
}

/** What a regression model says for one row. */
export type ValueOutcome = ValueAnswer;

/** What the model says for one row. */
export type Outcome = ClassOutcome | ValueOutcome;

export type CurvePoint<O extends Outcome = Outcome> = O & { readonly x: number };

export interface NumberCurve<O extends Outcome = Outcome> {
  readonly spec: NumberInputSpec;
  readonly points: readonly CurvePoint<O>[];
  /** Where the current value is in `points`; undefined when the (optional) input is empty. */
  readonly currentIndex: number | undefined;
  /** The outcome with the input left empty: optional inputs only (empty now: the current one). */
  readonly empty?: O;
}

export type CategoryOutcome<O extends Outcome = Outcome> = O & {
  /** The category, or null for an optional input left empty. */
  readonly category: string | null;
  readonly current: boolean;
};

export interface CategoryOutcomes<O extends Outcome = Outcome> {
  readonly spec: CategoryInputSpec;
  /** Every category in the manifest's order (then empty, for an optional input), current marked. */
  readonly outcomes: readonly CategoryOutcome<O>[];
}

interface WhatIfOf<O extends Outcome> {
  readonly values: ModelValues;
  /** The prediction at the current values. */
  readonly current: O;
  readonly numbers: readonly NumberCurve<O>[];
  readonly categories: readonly CategoryOutcomes<O>[];
}

/** The what-if views of a classification or binary model. */
export interface ClassWhatIf extends WhatIfOf<ClassOutcome> {
  readonly kind: 'class';
  readonly classes: readonly string[];
}

/** The what-if views of a regression model. */
export interface ValueWhatIf extends WhatIfOf<ValueOutcome> {
  readonly kind: 'value';
}

export type WhatIf = ClassWhatIf | ValueWhatIf;

/** A prediction's answer as an outcome: a class model's `classes` order, or the value. */
export function toOutcome(result: RowAnswer, classes: readonly string[] | null): Outcome {
  if ('value' in result)
    return result.range ? { value: result.value, range: result.range } : { value: result.value };
  return {
    label: result.label,
    probabilities: (classes ?? []).map((c) => own(result.probabilities, c) ?? 0),
  };
}

function outcome(
  result: BatchPrediction | undefined,
  classes: readonly string[] | null,
  row: number,
): Outcome {
  if (!result || 'error' in result) {
    throw new ExplainError(
      ExplainErrorCode.WhatIfInvalid,
      `what-if row ${row} has no prediction${result ? `: ${result.error}` : ''}`,
    );
  }
  if ('value' in result !== (classes === null)) {
    throw new ExplainError(
      ExplainErrorCode.WhatIfInvalid,
      `what-if row ${row} is not the kind of prediction the model makes`,
    );
  }
  return toOutcome(result, classes);
}

/**
 * Reads the answers to a plan's rows back into curves. `current` is the form's own prediction: it
 * stands for the current category of each category input, and for an input that is empty now,
 * neither of which the plan re-predicts. `classes` null: a regression model.
 * @throws {ExplainError} WHAT_IF_INVALID when an answer is missing, an error, or of another kind.
 */
export function readWhatIf(
  plan: WhatIfPlan,
  results: readonly BatchPrediction[],
  classes: readonly string[],
  current: ClassOutcome,
): ClassWhatIf;
export function readWhatIf(
  plan: WhatIfPlan,
  results: readonly BatchPrediction[],
  classes: null,
  current: ValueOutcome,
): ValueWhatIf;
export function readWhatIf(
  plan: WhatIfPlan,
  results: readonly BatchPrediction[],
  classes: readonly string[] | null,
  current: Outcome,
): WhatIf;
export function readWhatIf(
  plan: WhatIfPlan,
  results: readonly BatchPrediction[],
  classes: readonly string[] | null,
  current: Outcome,
): WhatIf {
  if (results.length !== plan.length) {
    throw new ExplainError(
      ExplainErrorCode.WhatIfInvalid,
      `asked for ${plan.length} what-if rows, got ${results.length}`,
    );
  }
  const at = (row: number) => outcome(results[row], classes, row);
  const numbers = plan.numbers.map((sweep): NumberCurve => {
    const empty =
      sweep.emptyRow !== undefined
        ? at(sweep.emptyRow)
        : sweep.currentIndex === undefined
          ? current
          : undefined;
    return {
      spec: sweep.spec,
      currentIndex: sweep.currentIndex,
      points: sweep.xs.map((x, i) => ({ x, ...at(sweep.start + i) })),
      ...(empty ? { empty } : {}),
    };
  });
  const currentCategory = (spec: CategoryInputSpec) => {
    const value = plan.values[spec.name];
    return typeof value === 'string' ? value : null;
  };
  const categories = plan.categories.map((sweep): CategoryOutcomes => {
    const here = currentCategory(sweep.spec);
    const all: (string | null)[] = [...sweep.spec.categories];
    if (sweep.spec.optional) all.push(null);
    return {
      spec: sweep.spec,
      outcomes: all.map((category) => {
        if (category === here) return { category, current: true, ...current };
        const i = sweep.alternatives.indexOf(category);
        if (i < 0) {
          throw new ExplainError(
            ExplainErrorCode.WhatIfInvalid,
            `the what-if plan has no row for ${sweep.spec.name} = ${String(category)}`,
          );
        }
        return { category, current: false, ...at(sweep.start + i) };
      }),
    };
  });
  const base = { values: plan.values, numbers, categories };
  // The outcomes were checked against `classes` row by row, so these casts only name the kind.
  return classes === null
    ? ({ kind: 'value', ...base, current } as ValueWhatIf)
    : ({ kind: 'class', classes, ...base, current } as ClassWhatIf);
}

/** The what-if views for `manifest`'s model from its answers to the plan and the form's prediction. */
export function readWhatIfFor(
  manifest: ModelManifest,
  plan: WhatIfPlan,
  results: readonly BatchPrediction[],
  prediction: RowAnswer,
): WhatIf {
  const classes = isRegression(manifest) ? null : manifest.outputs.classes;
  return readWhatIf(plan, results, classes, toOutcome(prediction, classes));
}
