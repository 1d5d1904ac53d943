/**
 * What a model answers, declared once. The runtime produces these; the `formcast-predict` event,
 * the history entry, batch rows and the what-if views reuse or extend them. Types only: the page
 * imports them without pulling runtime code along.
 */
import type { InputIssue } from '../errors';
import type { InputWarning, ModelValues } from '../inputs/validate-inputs';
import type { ValueRange } from '../manifest/outputs';

/** A classification or binary model's answer for one row. */
export interface ClassAnswer {
  /** The predicted class label, as the model names it (int64 labels as decimal strings). */
  readonly label: string;
  /** Probability of every class, keyed by class label. */
  readonly probabilities: Readonly<Record<string, number>>;
}

/** A regression model's answer for one row. */
export interface ValueAnswer {
  /** The predicted number, on the target's own scale (e.g. dollars). */
  readonly value: number;
  /** The manifest's cross-validation range around the value, when it has one. */
  readonly range?: ValueRange;
}

/** One scored row's answer: a class with every class's probability, or a value with its range. */
export type RowAnswer = ClassAnswer | ValueAnswer;

/** Why a row could not be scored. */
export interface RowProblem {
  /** Every problem of the row in one line, e.g. `Age: missing; BP: "X" is not one of …`. */
  readonly error: string;
  readonly issues: readonly InputIssue[];
}

/** One row of predictBatch(): a prediction, or why the row could not be scored. */
export type BatchPrediction = RowAnswer | RowProblem;

/** What a single prediction was made from, and by which model. */
export interface PredictionSource {
  /**
   * The values the model actually received (numbers parsed, categories canonical, null for an
   * optional field left empty, which the model's pipeline imputed).
   */
  readonly inputs: ModelValues;
  /** Valid inputs the model never saw in training. */
  readonly warnings: readonly InputWarning[];
  readonly modelId: string;
  readonly modelVersion: string;
}

/** A class model's prediction, as the `formcast-predict` event carries it and history keeps it. */
export interface PredictedClass extends ClassAnswer, PredictionSource {
  readonly task: 'classification' | 'binary';
}

/** A regression model's prediction, as the `formcast-predict` event carries it and history keeps it. */
export interface PredictedValue extends ValueAnswer, PredictionSource {
  readonly task: 'regression';
}

/** One prediction as plain data; `task` tells which kind. */
export type Predicted = PredictedClass | PredictedValue;

export interface ClassProbability {
  readonly label: string;
  readonly probability: number;
}

/** What predict() answers for a classification or binary model. */
export interface ClassPrediction extends PredictedClass {
  /** The same probabilities, most likely first. */
  readonly ranked: readonly ClassProbability[];
}

/** What predict() answers for a regression model. */
export type ValuePrediction = PredictedValue;

/** The answer to one prediction; `task` tells which kind. */
export type Prediction = ClassPrediction | ValuePrediction;
