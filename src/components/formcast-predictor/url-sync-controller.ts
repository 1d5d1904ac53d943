import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ModelManifest } from '../../manifest/manifest-types';
import { withUrlInputs } from '../../url/url-inputs';

/** Longest a change after a pause waits for an idle moment before the address bar follows it. */
const MAX_DELAY_MS = 200;
/** Changes closer together than this are a burst (typing): the URL follows once it ends. */
const QUIET_MS = 250;

/**
 * Keeps the page URL in step with the form (the `sync-url` widgets): a change after a pause is
 * written once the page is idle, within MAX_DELAY_MS; changes in a burst (typing) once the form
 * has been unchanged for QUIET_MS; at once when the page is hidden or the widget leaves.
 * `history.replaceState` is a same-document navigation that costs several milliseconds per call
 * here (≈ 7 ms per keystroke under load; 2.4 ms a keystroke in a trace of house typing at load
 * 7), so typing writes the URL once, after its last keystroke: written in the first idle moment
 * of every keystroke, it ran while the what-if views waited for the worker and delayed them.
 */
export class UrlSyncController implements ReactiveController {
  private readonly read: () =>
    { readonly manifest: ModelManifest; readonly raw: Record<string, string> } | undefined;
  private scheduled: (() => void) | undefined;
  private lastChange = -Infinity;
  private readonly flush = () => this.write();

  constructor(
    host: ReactiveControllerHost,
    read: () =>
      { readonly manifest: ModelManifest; readonly raw: Record<string, string> } | undefined,
  ) {
    this.read = read;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.flush);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.flush);
    this.write();
  }

  /** The form changed: the URL follows soon, or when a burst of changes ends. */
  changed(): void {
    const now = performance.now();
    const burst = now - this.lastChange < QUIET_MS;
    this.lastChange = now;
    this.scheduled?.();
    if (!burst && typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(this.flush, { timeout: MAX_DELAY_MS });
      this.scheduled = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(this.flush, burst ? QUIET_MS : MAX_DELAY_MS / 2);
      this.scheduled = () => clearTimeout(id);
    }
  }

  private write(): void {
    if (!this.scheduled) return;
    this.scheduled();
    this.scheduled = undefined;
    const form = this.read();
    if (!form) return;
    history.replaceState(
      history.state,
      '',
      withUrlInputs(new URL(location.href), form.manifest.inputs, form.raw),
    );
  }
}
