import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BatchProgress, BatchResult } from '../../batch/batch-types';
import { type BatchScorer, createBatchScorer } from '../../client/create-batch-scorer';
import { ErrorCode, type FormcastError, toFormcastError } from '../../errors';
import { formatCount as count, formatRows as rows } from '../../format/format';
import { barStyles, buttonStyles, errorBoxStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { FileDropController } from './file-drop-controller';
import { batchStyles } from './formcast-batch.styles';
import { renderBatchProgress } from './render-batch-progress';
import { renderBatchResult } from './render-batch-result';

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
 * Scores a whole CSV file in the browser: drop or choose a file, watch the progress, read the
 * summary and download the scored file. Parsing and scoring run in a worker of their own, so
 * the page and any prediction form on it stay responsive; Cancel stops that worker at once.
 *
 * Marks `formcast-batch:file-chosen` and `formcast-batch:download-ready` on the performance
 * timeline, for benchmarks.
 *
 * @summary Batch scoring of a CSV file.
 * @tag formcast-batch
 * @csspart drop-zone - The area that accepts a dropped file.
 * @csspart progress - The progress box with its Cancel button.
 * @csspart result - The summary, download link and preview.
 * @csspart download - The download link.
 * @csspart error - The message when a file cannot be scored.
 */
export class FormcastBatch extends LitElement {
  static override styles = [sharedStyles, buttonStyles, errorBoxStyles, barStyles, batchStyles];

  /** URL of the model directory (holding manifest.json and the model), e.g. `models/drug/`. */
  @property({ reflect: true }) src = '';
  /** Also take a file dropped anywhere on the page, not only on the drop zone. */
  @property({ type: Boolean, attribute: 'page-drop' }) pageDrop = false;

  @state() private status: BatchStatus = BatchStatus.Idle;
  @state() private fileName = '';
  @state() private progress: BatchProgress | undefined;
  @state() private result: BatchResult | undefined;
  @state() private error: FormcastError | undefined;

  private readonly drop = new FileDropController(this, {
    onFile: (file) => void this.score(file),
    onIntent: () => this.warmUp(),
    accepting: () => this.status !== BatchStatus.Scoring,
    pageDrop: () => this.pageDrop,
  });
  private scorer: BatchScorer | undefined;
  private batch: AbortController | undefined;
  private downloadUrl: string | undefined;
  private focusAfterRender: string | undefined;
  /** Whether this batch's download-ready mark is on the timeline. */
  private marked = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.batch?.abort();
    this.scorer?.dispose();
    this.scorer = undefined;
    this.revokeDownload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && this.scorer) {
      this.batch?.abort();
      this.scorer.dispose();
      this.scorer = undefined;
    }
  }

  // Widths go through CSSOM, not a style attribute, which the site's CSP (`style-src 'self'`)
  // would block.
  protected override updated(): void {
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('.bar[data-p]')) {
      bar.style.width = `${(Number(bar.dataset.p) * 100).toFixed(2)}%`;
    }
    // Only once the batch has settled: until then the target is still disabled or absent.
    if (this.focusAfterRender && this.status !== BatchStatus.Scoring) {
      this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender)?.focus();
      this.focusAfterRender = undefined;
    }
    if (this.status === BatchStatus.Done && this.downloadUrl && !this.marked) {
      this.marked = true;
      performance.mark('formcast-batch:download-ready');
    }
  }

  private getScorer(): BatchScorer {
    this.scorer ??= createBatchScorer(this.src);
    return this.scorer;
  }

  /** Starts the batch worker when the user heads for a file, so it is ready when one comes. */
  private warmUp(): void {
    if (!this.src || this.scorer) return;
    this.getScorer()
      .load()
      .then(
        () => this.requestUpdate(),
        () => undefined, // reported when a file is scored
      );
  }

  private revokeDownload(): void {
    if (this.downloadUrl) URL.revokeObjectURL(this.downloadUrl);
    this.downloadUrl = undefined;
  }

  private async score(file: File): Promise<void> {
    performance.mark('formcast-batch:file-chosen');
    this.batch?.abort();
    this.revokeDownload();
    const batch = new AbortController();
    this.batch = batch;
    this.status = BatchStatus.Scoring;
    this.fileName = file.name;
    this.progress = undefined;
    this.result = undefined;
    this.error = undefined;
    this.marked = false;
    try {
      const result = await this.getScorer().scoreCsv(file, {
        signal: batch.signal,
        onProgress: (progress) => {
          if (this.batch === batch) this.progress = progress;
        },
      });
      if (this.batch !== batch) return;
      // The Cancel button is about to go: keep a keyboard user's place on what replaces it.
      if ((this.renderRoot as ShadowRoot).activeElement?.matches('.cancel')) {
        this.focusAfterRender = 'a.download';
      }
      this.downloadUrl = URL.createObjectURL(result.output);
      this.result = result;
      this.status = BatchStatus.Done;
    } catch (error) {
      if (this.batch !== batch) return;
      const failure = toFormcastError(error, ErrorCode.InferenceFailed);
      this.status = failure.code === ErrorCode.Aborted ? BatchStatus.Cancelled : BatchStatus.Failed;
      this.error = failure.code === ErrorCode.Aborted ? undefined : failure;
    } finally {
      if (this.batch === batch) this.batch = undefined;
    }
  }

  private onChoose(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  }

  private onFileInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared so that choosing the same file again (after fixing it) fires `change` again.
    input.value = '';
    if (file) void this.score(file);
  }

  private onCancel(): void {
    this.focusAfterRender = 'button.choose';
    this.batch?.abort();
  }

  private announcement(): string {
    switch (this.status) {
      case BatchStatus.Scoring:
        return `Scoring “${this.fileName}”…`;
      case BatchStatus.Done:
        return this.result
          ? `Scored “${this.fileName}”: ${rows(this.result.summary.rows)}, ${count(this.result.summary.failed)} could not be scored. The scored file is ready to download.`
          : '';
      case BatchStatus.Cancelled:
        return 'Scoring cancelled.';
      default:
        return '';
    }
  }

  private renderOutcome() {
    switch (this.status) {
      case BatchStatus.Scoring:
        return renderBatchProgress(this.fileName, this.progress, () => this.onCancel());
      case BatchStatus.Cancelled:
        return html`<p class="notice" data-testid="batch-cancelled">
          Scoring of “${this.fileName}” was cancelled; no file was produced.
        </p>`;
      case BatchStatus.Failed:
        return html`<div
          class="error"
          role="alert"
          part="error"
          data-code=${this.error?.code ?? ''}
        >
          <p class="error-title">“${this.fileName}” could not be scored</p>
          <p>${this.error?.message}</p>
        </div>`;
      case BatchStatus.Done:
        return this.result && this.downloadUrl
          ? renderBatchResult(this.result, this.scorer?.manifest, {
              fileName: this.fileName,
              downloadUrl: this.downloadUrl,
              downloadName: `${this.fileName.replace(/\.csv$/i, '')}-scored.csv`,
            })
          : nothing;
      default:
        return nothing;
    }
  }

  override render() {
    const busy = this.status === BatchStatus.Scoring;
    const inputs = this.scorer?.manifest?.inputs ?? [];
    const columns = inputs.map((s) => s.name).join(', ');
    // Optional inputs still need their column; their cells may be empty (the model imputes).
    const optional = inputs.filter((s) => s.optional).map((s) => s.name);
    return html`
      <div
        class="drop ${this.drop.dragging ? 'dragging' : ''}"
        part="drop-zone"
        @dragenter=${this.drop.onDragOver}
        @dragover=${this.drop.onDragOver}
        @dragleave=${this.drop.onDragLeave}
        @drop=${this.drop.onDrop}
        @pointerenter=${this.warmUp}
        @focusin=${this.warmUp}
      >
        <p class="drop-title">Drop a CSV file here, or</p>
        <button type="button" class="choose" ?disabled=${busy} @click=${this.onChoose}>
          Choose a CSV file
        </button>
        <input type="file" accept=".csv,text/csv" hidden @change=${this.onFileInput} />
        <p class="muted">
          The first line names the columns${columns ? html`: <code>${columns}</code>` : nothing}, in
          any
          order${
            optional.length > 0
              ? html`; cells of <code>${optional.join(', ')}</code> may be left empty`
              : nothing
          };
          other columns are kept as they are. The file never leaves this device.
        </p>
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement()}</div>
      ${this.renderOutcome()}
    `;
  }
}
