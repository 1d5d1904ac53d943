import { css } from 'lit';

export const resultStyles = css`
  :host {
    display: block;
  }
  .panel {
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 1rem;
    min-height: 8rem;
  }
  /* An answer for earlier values while the new one is on its way: shown as such only past
     150 ms, so the usual sub-millisecond answer never makes the panel flicker. */
  .stale .answer {
    opacity: 0.4;
    transition: opacity 0s linear 150ms;
  }
  .updating {
    margin: 0 0 0.25rem;
    color: var(--_muted);
    font-weight: 600;
    visibility: hidden;
    animation: formcast-reveal 0s linear 150ms forwards;
  }
  @keyframes formcast-reveal {
    to {
      visibility: visible;
    }
  }
  .caption {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .label,
  .headline {
    margin: 0.1rem 0 0.75rem;
    font-size: var(--formcast-result-font-size, 2rem);
    font-weight: 700;
    color: var(--_accent);
    line-height: 1.2;
    overflow-wrap: anywhere;
  }
  .headline {
    margin-bottom: 0.4rem;
    font-variant-numeric: tabular-nums;
  }
  meter {
    display: block;
    width: 100%;
    height: 1.25rem;
  }
  .predicted,
  .range {
    margin: 0.5rem 0 0;
    font-size: 1.1em;
  }
  .note {
    margin: 0.4rem 0 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .waiting {
    margin: 0.5rem 0 0;
    color: var(--_muted);
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.35rem;
  }
  li {
    display: grid;
    grid-template-columns: minmax(4.5rem, 7rem) 1fr 5rem;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.95em;
  }
  .bar {
    transition: width 120ms ease-out;
  }
  .value {
    text-align: right;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .top {
    font-weight: 700;
  }
`;
