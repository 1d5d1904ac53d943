import { css } from 'lit';

export const batchStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .drop {
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    text-align: center;
    background: var(--_bg);
  }
  .drop.dragging {
    border-color: var(--_accent);
    background: var(--_surface);
  }
  .drop-title {
    margin: 0 0 0.5rem;
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .drop .muted {
    margin: 0.6rem 0 0;
  }
  code {
    overflow-wrap: anywhere;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button.cancel {
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
  }
  .progress,
  .result {
    margin-top: 1rem;
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 1rem;
  }
  .progress progress {
    display: block;
    width: 100%;
    margin: 0.5rem 0 0.3rem;
  }
  .progress-text {
    margin: 0 0 0.6rem;
    font-variant-numeric: tabular-nums;
  }
  .notice {
    margin: 1rem 0 0;
    border-left: 4px solid var(--_warning);
    background: var(--_surface);
    padding: 0.5rem 0.8rem;
  }
  h3 {
    margin: 0 0 0.4rem;
    font-size: 1.1rem;
    overflow-wrap: anywhere;
  }
  h4 {
    margin: 1.2rem 0 0.4rem;
    font-size: 1rem;
  }
  .summary {
    margin: 0 0 0.6rem;
  }
  .download-hint {
    display: block;
    margin-top: 0.4rem;
    overflow-wrap: anywhere;
  }
  .download {
    display: inline-block;
    color: var(--_accent-fg);
    background: var(--_accent);
    border-radius: var(--_radius);
    padding: 0.45rem 1rem;
    margin-right: 0.6rem;
    font-weight: 600;
    text-decoration: none;
  }
  .classes,
  .errors {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.35rem;
  }
  .classes li {
    display: grid;
    grid-template-columns: minmax(4.5rem, 8rem) minmax(3rem, 1fr) 8.5rem;
    align-items: center;
    gap: 0.5rem;
  }
  .values {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
  }
  .values dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .values dd {
    margin: 0;
    font-size: 1.15em;
    font-weight: 600;
    text-align: left;
  }
  .value {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    text-align: right;
  }
  .errors li {
    border-left: 4px solid var(--_error);
    padding-left: 0.6rem;
    overflow-wrap: anywhere;
  }
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  table {
    border-collapse: collapse;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid var(--_surface);
    text-align: left;
    white-space: nowrap;
  }
  th {
    background: var(--_surface);
  }
  tr.failed td:last-child {
    color: var(--_error);
  }
  .error {
    margin-top: 1rem;
  }
`;
