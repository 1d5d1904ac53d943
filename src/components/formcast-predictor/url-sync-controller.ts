import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ModelManifest } from '../../manifest/manifest-types';
import { withUrlInputs } from '../../url/url-inputs';

/** How long the form stays unchanged before the address bar follows it. */
const QUIET_MS = 250;

/**
 * Keeps the page URL in step with the form (the `sync-url` widgets): a change is written once
 * the form has not changed for QUIET_MS, and at once when the page is hidden or the widget
 * leaves. `history.replaceState` is a same-document navigation that costs several milliseconds
 * per call here (≈ 7 ms per keystroke under load; 2.4 ms a keystroke in a trace of house typing
 * at load 7), so typing writes the URL once, after its last keystroke. Written in the first
 * idle moment instead, it ran while the what-if views waited for the worker and delayed them.
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

  /** The form changed: the URL follows when it stops changing. */
  changed(): void {
    this.scheduled?.();
    const id = setTimeout(this.flush, QUIET_MS);
    this.scheduled = () => clearTimeout(id);
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
