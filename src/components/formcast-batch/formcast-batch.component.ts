import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { FormulaPolicy } from '../../csv/write-csv';
import { formatCount as count, formatRows as rows } from '../../format/format';
import { barStyles, buttonStyles, errorBoxStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { FileDropController } from './file-drop-controller';
import { batchStyles } from './formcast-batch.styles';
import { renderBatchProgress } from './render-batch-progress';
import { renderBatchResult } from './render-batch-result';
import { BatchStatus, ScoringController } from './scoring-controller';
import { ErrorCode } from '../../errors';

/**
 * Scores a whole CSV file in the browser: drop or choose a file, watch the progress, read the
 * summary and download the scored file. Parsing and scoring run in workers of their own, one per
 * core, so the page and any prediction form on it stay responsive; Cancel stops them at once.
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
  /**
   * `escape` (default): cells a spreadsheet would run as formulas (`=…`, `+…`, `-…`, `@…`) get a
   * leading `'` in the scored file; `keep`: written as they came.
   */
  @property() formulas: FormulaPolicy = 'escape';
  /**
   * Workers that score a file together; by default one per core the browser reports, at most 4.
   * `1` scores on a single core, leaving the others to the page.
   */
  @property({ type: Number }) workers?: number;

  private readonly scoring = new ScoringController(this, () => ({
    src: this.src,
    workers: this.workers,
  }));
  private readonly drop = new FileDropController(this, {
    onFile: (file) => void this.score(file),
    onIntent: () => this.warmUp(),
    accepting: () => this.scoring.status !== BatchStatus.Scoring,
    pageDrop: () => this.pageDrop,
  });
  private readonly warmUp = () => this.scoring.warmUp();
  private focusAfterRender: string | undefined;
  /** Whether this batch's download-ready mark is on the timeline. */
  private marked = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') || changed.has('workers')) this.scoring.reset();
  }

  // Widths go through CSSOM, not a style attribute, which the site's CSP (`style-src 'self'`)
  // would block.
  protected override updated(): void {
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('.bar[data-p]')) {
      bar.style.width = `${(Number(bar.dataset.p) * 100).toFixed(2)}%`;
    }
    // Only once the batch has settled: until then the target is still disabled or absent.
    const { status, downloadUrl } = this.scoring;
    if (this.focusAfterRender && status !== BatchStatus.Scoring) {
      this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender)?.focus();
      this.focusAfterRender = undefined;
    }
    if (status === BatchStatus.Done && downloadUrl && !this.marked) {
      this.marked = true;
      performance.mark('formcast-batch:download-ready');
    }
  }

  private async score(file: File): Promise<void> {
    performance.mark('formcast-batch:file-chosen');
    this.marked = false;
    const formulas = this.formulas === 'keep' ? 'keep' : 'escape';
    await this.scoring.score(file, formulas, () => {
      // The Cancel button is about to go: keep a keyboard user's place on what replaces it.
      if ((this.renderRoot as ShadowRoot).activeElement?.matches('.cancel')) {
        this.focusAfterRender = 'a.download';
      }
    });
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

  private readonly onRetry = () => {
    if (this.scoring.file) void this.score(this.scoring.file);
  };

  private onCancel(): void {
    this.focusAfterRender = 'button.choose';
    this.scoring.cancel();
  }

  private announcement(): string {
    const { status, fileName, result } = this.scoring;
    switch (status) {
      case BatchStatus.Scoring:
        return `Scoring “${fileName}”…`;
      case BatchStatus.Done:
        return result
          ? `Scored “${fileName}”: ${rows(result.summary.rows)}, ${count(result.summary.failed)} could not be scored. The scored file is ready to download.`
          : '';
      case BatchStatus.Cancelled:
        return 'Scoring cancelled.';
      default:
        return '';
    }
  }

  private renderOutcome() {
    const { status, fileName, progress, error, result, downloadUrl, manifest } = this.scoring;
    switch (status) {
      case BatchStatus.Scoring:
        return renderBatchProgress(fileName, progress, () => this.onCancel());
      case BatchStatus.Cancelled:
        return html`<p class="notice" data-testid="batch-cancelled">
          Scoring of “${fileName}” was cancelled; no file was produced.
        </p>`;
      case BatchStatus.Failed:
        return html`<div class="error" role="alert" part="error" data-code=${error?.code ?? ''}>
          <p class="error-title">“${fileName}” could not be scored</p>
          <p>${error?.message}</p>
          ${
            // The file itself is at fault: only a corrected file helps, not trying again.
            error?.code !== ErrorCode.CsvInvalid && this.scoring.file
              ? html`<button type="button" class="retry" @click=${this.onRetry}>Try again</button>`
              : nothing
          }
        </div>`;
      case BatchStatus.Done:
        return result && downloadUrl
          ? renderBatchResult(result, manifest, {
              fileName: fileName,
              downloadUrl: downloadUrl,
              downloadName: `${fileName.replace(/\.csv$/i, '')}-scored.csv`,
            })
          : nothing;
      default:
        return nothing;
    }
  }

  override render() {
    const busy = this.scoring.status === BatchStatus.Scoring;
    const inputs = this.scoring.manifest?.inputs ?? [];
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
