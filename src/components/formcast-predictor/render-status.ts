import { html, nothing, type TemplateResult } from 'lit';
// An absent value attribute makes <progress> indeterminate; assigning .value = undefined throws.
import { ifDefined } from 'lit/directives/if-defined.js';
import { ErrorCode, type FormcastError } from '../../errors';
import { formatBytes } from '../../format/format';
import type { ByteProgress, LoadProgress } from '../../runtime/load-progress';

function describeBytes(what: string, p: ByteProgress): string {
  return p.total
    ? `${what} ${formatBytes(p.loaded)} of ${formatBytes(p.total)}`
    : `${what} ${formatBytes(p.loaded)}`;
}

const complete = (p: ByteProgress): boolean => p.total !== null && p.loaded >= p.total;

/** Start-up progress: bytes while downloading, then "preparing". */
export function renderProgress(progress: LoadProgress | undefined): TemplateResult {
  if (!progress || progress.phase === 'manifest' || progress.phase === 'downloading') {
    const runtime =
      progress?.phase === 'downloading' ? progress.runtime : { loaded: 0, total: null };
    const model = progress?.phase === 'downloading' ? progress.model : { loaded: 0, total: null };
    const loaded = runtime.loaded + model.loaded;
    const total =
      runtime.total !== null && model.total !== null ? runtime.total + model.total : null;
    // Everything is on the device (the service worker's copy): the engine is being started.
    const title =
      complete(runtime) && complete(model)
        ? 'Starting the prediction engine…'
        : 'Downloading the prediction engine…';
    return html`<div class="progress" part="progress">
      <label for="load-progress">${title}</label>
      <progress
        id="load-progress"
        max=${total ?? 1}
        value=${ifDefined(total ? loaded : undefined)}
      ></progress>
      <p class="progress-text">
        ${describeBytes('Runtime', runtime)} · ${describeBytes('model', model)}
      </p>
    </div>`;
  }
  return html`<div class="progress" part="progress">
    <label for="load-progress">Preparing the model…</label>
    <progress id="load-progress"></progress>
  </div>`;
}

const advice: Partial<Record<FormcastError['code'], string>> = {
  [ErrorCode.ManifestFetchFailed]: 'Check the connection and the model address, then try again.',
  [ErrorCode.ModelFetchFailed]: 'Check the connection, then try again.',
  [ErrorCode.RuntimeLoadFailed]: 'Check the connection, then try again.',
  [ErrorCode.ModelIntegrity]:
    'The site is serving a damaged or mismatched model; its publisher must redeploy it.',
  [ErrorCode.ModelInvalid]: 'The model file cannot be used; its publisher must re-export it.',
  [ErrorCode.ModelSignatureMismatch]:
    'The model and its description do not belong together; its publisher must re-export them.',
  [ErrorCode.ManifestInvalid]:
    'The model description is malformed; its publisher must re-export it.',
  [ErrorCode.WorkerCrashed]: 'It restarts by itself on your next change, or with the button below.',
  [ErrorCode.InferenceFailed]: 'Try again; if it persists, reload the page.',
};

/**
 * A failure, what it means, and what the user can do about it: Try again when `onRetry` is
 * given (where retrying can help), and `advice` instead of the code's own when the failure is
 * not the model's (e.g. the site's list of models).
 */
export function renderError(
  error: FormcastError,
  onRetry?: () => void,
  adviceText = advice[error.code],
): TemplateResult {
  return html`<div class="error" role="alert" part="error" data-code=${error.code}>
    <p class="error-title">Something went wrong</p>
    <p>${error.message}</p>
    ${adviceText ? html`<p>${adviceText}</p>` : nothing}
    ${onRetry ? html`<button type="button" @click=${onRetry}>Try again</button>` : nothing}
  </div>`;
}
