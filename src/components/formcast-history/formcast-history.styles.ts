import { css } from 'lit';

export const historyStyles = css`
  :host {
    display: block;
  }
  p {
    margin: 0.4rem 0;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.6rem;
    font-weight: 600;
  }
  .switch input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--_accent);
    flex: none;
  }
  .hint,
  .empty {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .problem {
    border-left: 4px solid var(--_error);
    background: var(--_surface);
    padding: 0.5rem 0.8rem;
  }
  .table-scroll {
    /* A wide table scrolls here, on a phone, instead of widening the page. */
    max-width: 100%;
    overflow-x: auto;
    /* Contains the visually hidden texts' absolute boxes, which would otherwise widen the page. */
    position: relative;
    margin: 0.6rem 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9em;
  }
  caption {
    caption-side: top;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.6rem;
    border-bottom: 1px solid var(--_surface);
    vertical-align: top;
  }
  thead th {
    background: var(--_surface);
    vertical-align: bottom;
  }
  tbody th {
    font-weight: 400;
    white-space: nowrap;
  }
  .label {
    font-weight: 600;
  }
  .number {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .empty-value {
    color: var(--_muted);
    font-style: italic;
  }
  .flag {
    display: block;
    color: var(--_warning);
    font-size: 0.85em;
  }
  .actions,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .confirm {
    border-left: 4px solid var(--_error);
    background: var(--_surface);
    padding: 0.5rem 0.8rem;
  }
  .confirm p {
    flex-basis: 100%;
    margin: 0;
    font-weight: 600;
  }
  button {
    font: inherit;
    color: var(--_accent-fg);
    background: var(--_accent);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 0.3rem 0.8rem;
    min-height: 2.25rem;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button.secondary {
    color: var(--_accent);
    background: var(--_bg);
  }
  button.danger {
    color: var(--_fg);
    background: var(--_bg);
    border-color: var(--_error);
  }
  td button {
    min-height: 2rem;
    padding: 0.15rem 0.6rem;
  }
`;
