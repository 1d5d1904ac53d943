import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ModelManifest } from '../../manifest/manifest-types';
import { withUrlInputs } from '../../url/url-inputs';

/** Longest a changed form waits for an idle moment before the address bar follows it. */
const MAX_DELAY_MS = 200;

/**
 * Keeps the page URL in step with the form (the `sync-url` widgets): a change is written once
 * the page is idle, within MAX_DELAY_MS, and at once when the page is hidden or the widget
 * leaves. `history.replaceState` is a same-document navigation that costs several milliseconds
 * per call here (≈ 7 ms per keystroke under load, measured), so a burst of keystrokes writes the
 * URL once, after the frames that show their predictions.
 */
export class UrlSyncController implements ReactiveController {
  private readonly read: () =>
    { readonly manifest: ModelManifest; readonly raw: Record<string, string> } | undefined;
  private scheduled: (() => void) | undefined;
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

  /** The form changed: the URL follows soon. */
  changed(): void {
    if (this.scheduled) return;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(this.flush, { timeout: MAX_DELAY_MS });
      this.scheduled = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(this.flush, MAX_DELAY_MS / 2);
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
