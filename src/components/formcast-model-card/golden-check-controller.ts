import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { BatchPredictor, GoldenCheck } from '../../golden/check-golden';

/** Where the check stands: not run, running, done (agreeing or not), or failed to run. */
export const GoldenCheckStatus = {
  Idle: 'idle',
  Running: 'running',
  Done: 'done',
  Failed: 'failed',
} as const;
export type GoldenCheckStatus = (typeof GoldenCheckStatus)[keyof typeof GoldenCheckStatus];

/**
 * The model card's "Check this model in this browser": on the click, imports the check (a chunk
 * of its own, so nothing of it is on the way to the first prediction), runs the directory's
 * golden rows through the page's own predictor worker and keeps the one-sentence outcome.
 */
export class GoldenCheckController implements ReactiveController {
  status: GoldenCheckStatus = GoldenCheckStatus.Idle;
  outcome = '';
  check: GoldenCheck | undefined;

  private readonly host: ReactiveControllerHost;
  private abort: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /** A new model: forget the last outcome. */
  reset(): void {
    this.abort?.abort();
    this.status = GoldenCheckStatus.Idle;
    this.outcome = '';
    this.check = undefined;
  }

  async run(manifest: ModelManifest, predictor: BatchPredictor): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.status = GoldenCheckStatus.Running;
    this.outcome = `Checking ${manifest.golden.rows} rows…`;
    this.host.requestUpdate();
    try {
      const { checkGolden, describeGoldenCheck } = await import('../../golden/check-golden');
      const check = await checkGolden(manifest, predictor, abort.signal);
      if (abort.signal.aborted) return;
      this.check = check;
      this.status = GoldenCheckStatus.Done;
      this.outcome = describeGoldenCheck(check);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.status = GoldenCheckStatus.Failed;
      const reason = error instanceof Error ? error.message : String(error);
      this.outcome = `The check could not run: ${reason}. Check the connection, then try again.`;
    }
    this.host.requestUpdate();
  }

  render(manifest: ModelManifest, predictor: BatchPredictor | undefined) {
    if (!predictor) return nothing;
    const agreed = this.check && !this.check.firstMismatch;
    return html`<dt>Parity</dt>
      <dd data-field="golden-check">
        ${manifest.golden.rows} golden rows hold the answers the model gave when it was exported.
        <button
          type="button"
          ?disabled=${this.status === GoldenCheckStatus.Running}
          @click=${() => void this.run(manifest, predictor)}
        >
          Check this model in this browser
        </button>
        <p
          role="status"
          data-status=${this.status}
          data-agree=${agreed ? 'true' : this.check ? 'false' : nothing}
        >
          ${this.outcome}
        </p>
      </dd>`;
  }
}
