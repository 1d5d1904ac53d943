/**
 * The "Why this prediction?" disclosure of <formcast-predictor>. It is the only explain module a
 * first visit loads: <formcast-explain> (charts, tables, tree walking) is a separate chunk,
 * imported when the section is first opened, so it costs nothing until someone asks.
 */
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import type { Predictor } from '../../client/create-predictor';
import { ExplainError, ExplainErrorCode } from '../../explain/explain-errors';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';

export interface ExplainSectionView {
  readonly manifest: ModelManifest;
  readonly predictor: Predictor | undefined;
  readonly prediction: Prediction | undefined;
}

export class ExplainSection {
  open = false;
  loaded = false;
  error: ExplainError | undefined;

  private readonly host: ReactiveControllerHost;
  private loading: Promise<void> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
  }

  private toggle(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open) this.load();
    this.host.requestUpdate();
  }

  private load(): void {
    if (this.loaded || this.loading) return;
    this.error = undefined;
    this.loading = import('./formcast-explain').then(
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

/** Looks of the disclosure, in the predictor's shadow root (matching the model card's). */
export const explainSectionStyles = css`
  .explain {
    /* As a grid item of the aside it would otherwise grow to its widest table. */
    min-width: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.9rem;
  }
  .explain summary {
    cursor: pointer;
    font-weight: 600;
    padding: 0.25rem 0;
  }
  .explain[open] summary {
    margin-bottom: 0.5rem;
  }
  .explain-loading {
    color: var(--_muted);
    margin: 0;
  }
  .explain-problem {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.5rem 0.8rem;
  }
`;
