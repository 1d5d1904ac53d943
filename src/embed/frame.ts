/**
 * The page behind the iframe embed (embed.html): only the widget, for
 * `embed.html?model=<id>&parent=<origin of the embedding page>[&compact][&hide-card][&hide-explain][&<input>=<value>…]`.
 *
 * Without `model`, it shows the first model of models/index.json.
 *
 * It talks to exactly one window, its parent, and only if the parent's origin was named in the
 * URL: events and height are posted with that origin as the target (so no other page can read
 * them), and messages are accepted only from that origin (so no other page can drive the form).
 */
import { fetchModelIndex } from '../app/model-index';
import { prestartPredictorWorker } from '../client/worker-factory';
import { FormcastPredictor } from '../components/formcast-predictor/formcast-predictor';
import { ErrorCode, toFormcastError } from '../errors';
import { quoteValue } from '../inputs/quote-value';
import type { RawValues } from '../inputs/validate-inputs';

/** Messages the iframe posts to its parent. */
export type FrameMessage =
  | { readonly source: 'formcast'; readonly type: 'formcast-resize'; readonly height: number }
  | {
      readonly source: 'formcast';
      readonly type: 'formcast-ready' | 'formcast-predict' | 'formcast-error';
      readonly detail: unknown;
    };

/** Messages the iframe accepts from its parent. */
export interface HostMessage {
  readonly source: 'formcast-host';
  readonly type: 'formcast-set-values';
  readonly values: RawValues;
}

prestartPredictorWorker();

const params = new URLSearchParams(location.search);
const model = params.get('model');
const parentParam = params.get('parent');
const parentOrigin = readOrigin(parentParam);

function readOrigin(text: string | null): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.origin === text.replace(/\/$/, '') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The model index failed: its message, its code, and a way to try again (a fresh page). */
function indexError(code: string, message: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'error';
  box.setAttribute('role', 'alert');
  box.dataset.code = code;
  const text = Object.assign(document.createElement('p'), { textContent: message });
  const retry = Object.assign(document.createElement('button'), {
    type: 'button',
    textContent: 'Try again',
  });
  retry.addEventListener('click', () => location.reload());
  box.append(text, retry);
  return box;
}

function post(message: FrameMessage): void {
  if (parentOrigin && window.parent !== window) window.parent.postMessage(message, parentOrigin);
}

const widget = new FormcastPredictor();
if (model === null) {
  // No model named: the site's first one, as on the app page.
  fetchModelIndex('models/index.json').then(
    ([first]) => (widget.src = new URL(first!.path, new URL('models/', location.href)).href),
    (error: unknown) => {
      const { code, message } = toFormcastError(error, ErrorCode.ManifestFetchFailed);
      widget.replaceWith(indexError(code, message));
      post({ source: 'formcast', type: 'formcast-error', detail: { code, message } });
    },
  );
} else {
  widget.src = /^[a-z0-9][a-z0-9-]*$/.test(model) ? `models/${model}/` : 'models/invalid-model-id/';
}
widget.syncUrl = true;
widget.compact = params.has('compact');
widget.hideCard = params.has('hide-card');
widget.hideExplain = params.has('hide-explain');
document.body.append(widget);

if (parentParam === null || parentParam === '') {
  console.warn(
    'formcast: embed.html needs ?parent=<origin of the embedding page> to post its height and events.',
  );
} else if (!parentOrigin) {
  console.warn(
    `formcast: embed.html's ?parent=${quoteValue(parentParam)} is not an origin: give the embedding page's scheme, host and port only, e.g. https://example.com (no path, no trailing text). The height and events are not posted until it is.`,
  );
}

for (const type of ['formcast-ready', 'formcast-predict', 'formcast-error'] as const) {
  widget.addEventListener(type, (event) =>
    post({ source: 'formcast', type, detail: event.detail }),
  );
}

let lastHeight = 0;
new ResizeObserver(() => {
  const height = Math.ceil(document.documentElement.scrollHeight);
  if (height !== lastHeight) {
    lastHeight = height;
    post({ source: 'formcast', type: 'formcast-resize', height });
  }
}).observe(document.body);

window.addEventListener('message', (event: MessageEvent<Partial<HostMessage>>) => {
  if (!parentOrigin || event.origin !== parentOrigin || event.source !== window.parent) return;
  const data = event.data;
  if (data?.source === 'formcast-host' && data.type === 'formcast-set-values' && data.values) {
    widget.values = { ...data.values };
  }
});
