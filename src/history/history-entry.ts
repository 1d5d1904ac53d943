import type { FormcastPredictDetail } from '../events/formcast-events';
import type { InputWarning, ModelValues } from '../inputs/validate-inputs';

/** One kept prediction, as stored in IndexedDB. */
export interface HistoryEntry {
  /** Key given by the store (autoIncrement). */
  readonly id: number;
  /** When the prediction was made, ISO 8601 in UTC, e.g. `2026-11-21T10:14:05.120Z`. */
  readonly time: string;
  readonly modelId: string;
  readonly modelVersion: string;
  /** The values the model received, by input name, in the manifest's order. */
  readonly inputs: ModelValues;
  readonly label: string;
  /** Probability of each class, keyed by class label. */
  readonly probabilities: Readonly<Record<string, number>>;
  readonly warnings: readonly InputWarning[];
}

/** An entry before the store has given it an id. */
export type NewHistoryEntry = Omit<HistoryEntry, 'id'>;

/**
 * The entry to keep for a `formcast-predict` event. Copies every part, so what is stored is plain
 * data (structured-clonable) that later changes to the event's objects cannot reach.
 */
export function toHistoryEntry(prediction: FormcastPredictDetail, time: Date): NewHistoryEntry {
  return {
    time: time.toISOString(),
    modelId: prediction.modelId,
    modelVersion: prediction.modelVersion,
    inputs: { ...prediction.inputs },
    label: prediction.label,
    probabilities: { ...prediction.probabilities },
    warnings: prediction.warnings.map((w) => ({ ...w })),
  };
}
