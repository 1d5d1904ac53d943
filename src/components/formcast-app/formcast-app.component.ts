import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { fetchModelIndex, type ModelIndexEntry } from '../../app/model-index';
import { resolveModelDir } from '../../client/create-predictor';
import { loadManifest } from '../../client/load-manifest';
import { ErrorCode, FormcastError, toFormcastError } from '../../errors';
import { quoteValue } from '../../inputs/quote-value';
import type { TaskKind } from '../../manifest/manifest-types';
import { type OfflineState, startServiceWorker } from '../../app/service-worker';
import '../formcast-history/formcast-history';
import '../formcast-offline-status/formcast-offline-status';
import '../formcast-predictor/formcast-predictor';
import '../formcast-stored-data/formcast-stored-data';
import { buttonStyles, errorBoxStyles } from '../controls.styles';
import { renderError } from '../formcast-predictor/render-status';
import { sharedStyles } from '../shared.styles';
import { appStyles } from './formcast-app.styles';

/**
 * CSV scoring sits below the form and needs the loaded model anyway: its code (a sixth of the
 * app's) loads once the model is ready, off the way to the first prediction. Until then its
 * section holds the undefined element, which upgrades in place.
 */
let batchLoaded: Promise<unknown> | undefined;
function loadBatch(): void {
  batchLoaded ??= import('../formcast-batch/formcast-batch').catch((error: unknown) =>
    console.warn('formcast: the CSV scoring code could not be loaded', error),
  );
}

/** How the picker names each task kind for people who do not train models. */
const TASK_NAMES: Readonly<Record<TaskKind, string>> = {
  classification: 'Classification',
  binary: 'Probability (yes/no)',
  regression: 'Numeric estimate',
};

/**
 * The static site's shell: picks a model from `models/index.json` (first one, or `?model=id`)
 * and shows its widget with the URL kept in step with the form. With more than one model, a
 * picker lists them (title, task and description when the index has them), the current one
 * marked; choosing one is a link to `?model=<id>`, so the URL always names the model.
 *
 * @summary The Formcast app shell.
 * @tag formcast-app
 */
export class FormcastApp extends LitElement {
  static override styles = [sharedStyles, buttonStyles, errorBoxStyles, appStyles];

  /** URL of the model index, relative to the page. */
  @property() index = 'models/index.json';

  @state() private models: readonly ModelIndexEntry[] = [];
  @state() private current: ModelIndexEntry | undefined;
  @state() private error: FormcastError | undefined;
  /** Whether Try again can help with `error` (the list of models, not a link to no model). */
  private retryable = false;
  /** What the user can do about `error`. */
  private advice = '';
  @state() private offline: OfflineState | undefined;

  private serviceWorker: { applyUpdate(): void } | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadIndex();
    // Register once the model is ready (or failed): registering earlier makes the service worker
    // download the 14 MB runtime a second time, competing with the page's own download; later,
    // its precache is served from the HTTP cache instead. In a task of its own, because the ready
    // event's listeners run before the form's first prediction request leaves the page, and
    // registering plus loading the batch code took ≈ 8 ms there.
    const register = () =>
      setTimeout(() => {
        this.serviceWorker ??= startServiceWorker((state) => (this.offline = state));
        loadBatch();
      });
    this.addEventListener('formcast-ready', register, { once: true });
    this.addEventListener('formcast-error', register, { once: true });
    // A file dragged onto the page before then must find the batch element's page-drop handler.
    window.addEventListener('dragenter', loadBatch, { once: true });
  }

  private async loadIndex(): Promise<void> {
    const indexUrl = new URL(this.index, document.baseURI);
    this.error = undefined;
    try {
      this.models = await fetchModelIndex(indexUrl.href);
    } catch (error) {
      this.error = toFormcastError(error, ErrorCode.ManifestFetchFailed);
      // A connection that failed may come back, and a malformed list may be a deployment
      // caught half-way: trying again can help with both.
      this.retryable = true;
      this.advice =
        this.error.code === ErrorCode.ManifestFetchFailed
          ? 'Check the connection, then try again.'
          : "The site's list of models is malformed; if trying again does not help, its publisher must correct it.";
      this.serviceWorker ??= startServiceWorker((state) => (this.offline = state));
      return;
    }
    const wanted = new URLSearchParams(location.search).get('model');
    const chosen = wanted ? this.models.find((m) => m.id === wanted) : this.models[0];
    if (!chosen) {
      this.error = new FormcastError(
        ErrorCode.ManifestFetchFailed,
        `There is no model ${quoteValue(wanted ?? '')}. Available: ${this.models.map((m) => m.id).join(', ')}.`,
      );
      this.retryable = false;
      this.advice = 'Choose one of the models above, or check the link.';
      return;
    }
    const path = new URL(chosen.path, indexUrl).href;
    // The manifest is requested now rather than once this element and the predictor have
    // rendered; the predictor's own request finds it on its way (client/load-manifest.ts), and
    // reports a failure itself.
    void loadManifest(resolveModelDir(path)).catch(() => undefined);
    this.current = { ...chosen, path };
    document.title = `${chosen.title} · Formcast`;
  }

  private renderPicker() {
    return html`<nav aria-label="Models">
      <ul>
        ${this.models.map((m) => {
          const current = m.id === this.current?.id;
          return html`<li class=${current ? 'current' : ''}>
            <a href="?model=${encodeURIComponent(m.id)}" aria-current=${current ? 'page' : 'false'}
              >${m.title}</a
            >
            ${m.task ? html`<span class="task">${TASK_NAMES[m.task]}</span>` : nothing}
            ${m.description ? html`<span class="description">${m.description}</span>` : nothing}
          </li>`;
        })}
      </ul>
    </nav>`;
  }

  override render() {
    return html`
      <header>
        <h1><span class="brand">Formcast</span></h1>
        ${
          this.models.length > 1
            ? this.renderPicker()
            : this.current
              ? html`<p class="model-title">${this.current.title}</p>`
              : nothing
        }
      </header>
      <main>
        ${
          this.error
            ? renderError(
                this.error,
                this.retryable ? () => void this.loadIndex() : undefined,
                this.advice,
              )
            : nothing
        }
        ${this.current ? html`<formcast-predictor src=${this.current.path} sync-url></formcast-predictor>` : nothing}
        ${
          this.current
            ? html`<section class="history" aria-labelledby="history-heading">
                <h2 id="history-heading">History</h2>
                <formcast-history model-src=${this.current.path}></formcast-history>
              </section>`
            : nothing
        }
        ${
          this.current
            ? html`<section class="batch" aria-labelledby="batch-heading">
                <h2 id="batch-heading">Score a CSV file</h2>
                <formcast-batch src=${this.current.path} page-drop></formcast-batch>
              </section>`
            : nothing
        }
      </main>
      <footer @apply-update=${() => this.serviceWorker?.applyUpdate()}>
        <p>Predictions run entirely in this browser: nothing you enter is sent anywhere.</p>
        <formcast-offline-status .state=${this.offline}></formcast-offline-status>
        <formcast-stored-data></formcast-stored-data>
      </footer>
    `;
  }
}
