import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { OfflineState } from '../../app/service-worker';
import { buttonStyles } from '../controls.styles';
import { sharedStyles } from '../shared.styles';
import { offlineStatusStyles } from './formcast-offline-status.styles';

/** Internal event: the user accepted the waiting update. */
export class ApplyUpdateEvent extends Event {
  constructor() {
    super('apply-update', { bubbles: true, composed: true });
  }
}

/**
 * Says whether the site works offline yet, and offers a waiting update. The update is only
 * applied on the user's click, never under a form being filled in.
 *
 * @summary Offline readiness and update prompt of the site.
 * @tag formcast-offline-status
 * @event apply-update - Internal: the user accepted the waiting update.
 */
export class FormcastOfflineStatus extends LitElement {
  static override styles = [sharedStyles, buttonStyles, offlineStatusStyles];

  /** The service worker's state. */
  @property({ attribute: false }) state: OfflineState | undefined;

  override render() {
    const s = this.state;
    if (s?.updateReady) {
      return html`<div class="status update" role="status">
        <span>Update available</span>
        <button type="button" @click=${() => this.dispatchEvent(new ApplyUpdateEvent())}>
          Reload to update
        </button>
      </div>`;
    }
    const text = s?.unsupported
      ? 'Offline use is not available in this browser or on this address.'
      : s?.offlineReady
        ? 'Ready for offline use: this page keeps working without a network.'
        : 'Preparing offline use…';
    return html`<div
      class="status ${s?.offlineReady ? 'ready' : ''}"
      role="status"
      data-offline-ready=${String(!!s?.offlineReady)}
    >
      <span class="dot" aria-hidden="true"></span><span>${text}</span>
    </div>`;
  }
}
