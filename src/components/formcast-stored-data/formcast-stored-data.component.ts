import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { clearStoredData, readStoredData, type StoredData } from '../../app/stored-data';
import { formatBytes } from '../../format/format';
import { sharedStyles } from '../shared.styles';
import { storedDataStyles } from './formcast-stored-data.styles';

/**
 * Shows what the site keeps on this device (cached app, runtime and models) and clears it.
 *
 * @summary The "stored on this device" panel.
 * @tag formcast-stored-data
 */
export class FormcastStoredData extends LitElement {
  static override styles = [sharedStyles, storedDataStyles];

  @state() private data: StoredData | undefined;
  @state() private message = '';

  private async refresh(): Promise<void> {
    this.data = await readStoredData();
  }

  private async clear(): Promise<void> {
    await clearStoredData();
    await this.refresh();
    this.message =
      'Cleared. This page keeps working until you leave it; the next visit downloads the app again.';
  }

  override render() {
    const d = this.data;
    return html`<details
      @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && void this.refresh()}
    >
      <summary>Data stored on this device</summary>
      <p>
        Formcast keeps its own files here so it starts fast and works offline. It stores nothing you
        type unless you turn that on.
      </p>
      ${
        d
          ? html`<p data-testid="stored-usage">
                ${d.usageBytes === undefined ? 'Size unknown.' : `About ${formatBytes(d.usageBytes)} in use.`}
                ${d.caches.reduce((n, c) => n + c.files, 0)} cached files.
              </p>
              ${
                d.models.length > 0
                  ? html`<p>Models available offline:</p>
                      <ul data-testid="stored-models">
                        ${d.models.map((m) => html`<li>${m}</li>`)}
                      </ul>`
                  : html`<p>No model is stored for offline use.</p>`
              }
              ${
                d.historyEntries
                  ? html`<p data-testid="stored-history">
                      ${d.historyEntries} ${d.historyEntries === 1 ? 'prediction' : 'predictions'}
                      in your history (see History above).
                    </p>`
                  : nothing
              }`
          : nothing
      }
      <button type="button" @click=${() => void this.clear()}>Clear stored data</button>
      <p role="status">${this.message}</p>
    </details>`;
  }
}
