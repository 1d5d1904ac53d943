import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BatchProgress, BatchResult } from '../../batch/batch-types';
import { type BatchScorer, createBatchScorer } from '../../client/create-batch-scorer';
import type { FormulaPolicy } from '../../csv/write-csv';
import { ErrorCode, type FormcastError, toFormcastError } from '../../errors';
import type { ModelManifest } from '../../manifest/manifest-types';
import { NewestWins } from '../newest-wins';

/** Where a batch stands, as Lit's TaskStatus does it: a const object and its union. */
export const BatchStatus = {
  Idle: 'idle',
  Scoring: 'scoring',
  Done: 'done',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type BatchStatus = (typeof BatchStatus)[keyof typeof BatchStatus];

/**
 * The scoring of one CSV file at a time for `<formcast-batch>`: its own batch workers (started
 * when the user heads for a file), the file's progress, its result and download link, or why it
 * failed. A new file cancels the one being scored; only the newest file's outcome is shown.
 * Cancel stops every worker at once; the next file starts fresh ones. The host re-renders on
 * every change.
 */
export class ScoringController implements ReactiveController {
  status: BatchStatus = BatchStatus.Idle;
  fileName = '';
  /** The file being scored or last scored, so that a failure can be tried again. */
  file: File | undefined;
  progress: BatchProgress | undefined;
  result: BatchResult | undefined;
  error: FormcastError | undefined;
  /** A `blob:` URL of the scored file; the previous one is revoked. */
  downloadUrl: string | undefined;

  private readonly host: ReactiveControllerHost;
  private readonly options: () => { readonly src: string; readonly workers?: number };
  private readonly newest = new NewestWins();
  private scorer: BatchScorer | undefined;
  private batch: AbortController | undefined;

  constructor(
    host: ReactiveControllerHost,
    options: () => { readonly src: string; readonly workers?: number },
  ) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The model's manifest, once the batch worker has loaded it. */
  get manifest(): ModelManifest | undefined {
    return this.scorer?.manifest;
  }

  hostDisconnected(): void {
    this.batch?.abort();
    this.scorer?.dispose();
    this.scorer = undefined;
    this.revokeDownload();
  }

  /** The model directory or the worker count changed: the workers that served them go. */
  reset(): void {
    if (!this.scorer) return;
    this.batch?.abort();
    this.scorer.dispose();
    this.scorer = undefined;
  }

  /** Starts the batch workers when the user heads for a file, so they are ready when one comes. */
  warmUp(): void {
    if (!this.options().src || this.scorer) return;
    this.getScorer()
      .load()
      .then(
        () => this.host.requestUpdate(),
        () => undefined, // reported when a file is scored
      );
  }

  /** Stops the batch being scored; its worker goes with it. */
  cancel(): void {
    this.batch?.abort();
  }

  /**
   * Scores `file`, cancelling the batch before it; `formulas` says what the scored file does with
   * formula cells. `beforeDone` runs just before a result is shown (while the Cancel button is
   * still on screen).
   */
  async score(file: File, formulas: FormulaPolicy, beforeDone: () => void): Promise<void> {
    this.batch?.abort();
    this.revokeDownload();
    const ticket = this.newest.next();
    const batch = new AbortController();
    this.batch = batch;
    this.status = BatchStatus.Scoring;
    this.file = file;
    this.fileName = file.name;
    this.progress = undefined;
    this.result = undefined;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const result = await this.getScorer().scoreCsv(file, {
        signal: batch.signal,
        formulas,
        onProgress: (progress) => {
          if (!ticket.current) return;
          this.progress = progress;
          this.host.requestUpdate();
        },
      });
      if (!ticket.current) return;
      beforeDone();
      this.downloadUrl = URL.createObjectURL(result.output);
      this.result = result;
      this.status = BatchStatus.Done;
    } catch (error) {
      if (!ticket.current) return;
      const failure = toFormcastError(error, ErrorCode.InferenceFailed);
      this.status = failure.code === ErrorCode.Aborted ? BatchStatus.Cancelled : BatchStatus.Failed;
      this.error = failure.code === ErrorCode.Aborted ? undefined : failure;
    } finally {
      if (ticket.current) {
        this.batch = undefined;
        this.host.requestUpdate();
      }
    }
  }

  private getScorer(): BatchScorer {
    const { src, workers } = this.options();
    this.scorer ??= createBatchScorer(src, { workers });
    return this.scorer;
  }

  private revokeDownload(): void {
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = undefined;
  }
}
