import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Predictor } from '../../client/create-predictor';
import { ExplainError, ExplainErrorCode } from '../../explain/explain-errors';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';

export interface ExplainSectionView {
  readonly manifest: ModelManifest;
  readonly predictor: Predictor | undefined;
  readonly prediction: Prediction | undefined;
}

/**
 * The "Why this prediction?" disclosure of <formcast-predictor>: whether it is open, and the
 * loading of <formcast-explain> (charts, tables, tree walking), a chunk of its own imported when
 * the section is first opened, so it costs nothing until someone asks. This is the only explain
 * code a first visit loads.
 */
export class ExplainSectionController implements ReactiveController {
  open = false;
  loaded = false;
  error: ExplainError | undefined;

  private readonly host: ReactiveControllerHost;
  private loading: Promise<void> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** An open section whose code is not there yet starts loading it (again, after a failure). */
  hostUpdated(): void {
    if (this.open && !this.loaded && !this.loading && !this.error) this.load();
  }

  private toggle(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    // Opening again after a failed load is a retry.
    if (open) this.error = undefined;
    this.host.requestUpdate();
  }

  private load(): void {
    if (this.loaded || this.loading) return;
    this.error = undefined;
    this.loading = import('../formcast-explain/formcast-explain').then(
      () => {
        this.loaded = true;
        this.loading = undefined;
        this.host.requestUpdate();
      },
      (cause: unknown) => {
        this.loading = undefined;
        this.error = new ExplainError(
          ExplainErrorCode.ChunkLoadFailed,
          'The explanation could not be loaded. Check the connection, then try again.',
          { cause },
        );
        this.host.requestUpdate();
      },
    );
  }

  /** The disclosure; its content (and all explain work) exists only while it is open. */
  render(view: ExplainSectionView) {
    let body: unknown = nothing;
    if (this.open && this.error) {
      body = html`<div class="explain-problem" role="alert" data-code=${this.error.code}>
        <p>${this.error.message}</p>
        <button type="button" @click=${() => this.load()}>Try again</button>
      </div>`;
    } else if (this.open && this.loaded) {
      body = html`<formcast-explain
        .manifest=${view.manifest}
        .predictor=${view.predictor}
        .prediction=${view.prediction}
      ></formcast-explain>`;
    } else if (this.open) {
      body = html`<p class="explain-loading">Loading…</p>`;
    }
    return html`<details
      class="explain"
      ?open=${this.open}
      @toggle=${(e: Event) => this.toggle((e.target as HTMLDetailsElement).open)}
    >
      <summary>Why this prediction?</summary>
      ${body}
    </details>`;
  }
}
