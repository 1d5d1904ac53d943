import type {
  ClassAnswer,
  Predicted,
  PredictedClass,
  PredictedValue,
  ValueAnswer,
} from '../runtime/answers';

/** What the store adds to a prediction it keeps. */
interface Kept {
  /** Key given by the store (autoIncrement). */
  readonly id: number;
  /** When the prediction was made, ISO 8601 in UTC, e.g. `2026-11-21T10:14:05.120Z`. */
  readonly time: string;
}

/**
 * A kept classification or binary prediction: the `formcast-predict` detail plus `id` and `time`
 * (inputs by input name in the manifest's order, null for an empty optional one). Entries written
 * before models had task kinds have no `task`: they are classifications.
 */
export interface ClassHistoryEntry extends Omit<PredictedClass, 'task'>, Kept {
  readonly task?: PredictedClass['task'];
}

/**
 * A kept regression prediction; its `range` is the one the model's manifest put around the value
 * when it was made, if any.
 */
export interface ValueHistoryEntry extends PredictedValue, Kept {
  readonly task: 'regression';
}

/** One kept prediction, as stored in IndexedDB. */
export type HistoryEntry = ClassHistoryEntry | ValueHistoryEntry;

// Omit per member of the union: a plain Omit would merge them and lose what `task` narrows.
type WithoutId<E> = E extends HistoryEntry ? Omit<E, 'id'> : never;

/** An entry before the store has given it an id. */
export type NewHistoryEntry = WithoutId<HistoryEntry>;

export function isValueEntry<E extends NewHistoryEntry>(
  entry: E,
): entry is Extract<E, { task: 'regression' }> {
  return entry.task === 'regression';
}

/**
 * What a `formcast-predict` detail says a prediction was, whichever shape the event gives it:
 * a class prediction (label + probabilities) or a value (+ range).
 */
type Outcome =
  | (ClassAnswer & { readonly task?: PredictedClass['task'] })
  | (ValueAnswer & { readonly task: 'regression' });

/**
 * The entry to keep for a `formcast-predict` event. Copies every part, so what is stored is plain
 * data (structured-clonable) that later changes to the event's objects cannot reach.
 */
export function toHistoryEntry(prediction: Predicted, time: Date): NewHistoryEntry {
  const base = {
    time: time.toISOString(),
    modelId: prediction.modelId,
    modelVersion: prediction.modelVersion,
    inputs: { ...prediction.inputs },
    warnings: prediction.warnings.map((w) => ({ ...w })),
  };
  const outcome: Outcome = prediction;
  if (outcome.task === 'regression') {
    const { value, range } = outcome;
    return { ...base, task: 'regression', value, ...(range ? { range: { ...range } } : {}) };
  }
  return {
    ...base,
    task: outcome.task ?? 'classification',
    label: outcome.label,
    probabilities: { ...outcome.probabilities },
  };
}
