import { css } from 'lit';

export const offlineStatusStyles = css`
  :host {
    display: block;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .dot {
    width: 0.6rem;
    height: 0.6rem;
    border-radius: 50%;
    background: var(--_border);
  }
  .ready .dot {
    background: #1a7f37;
  }
  .update {
    color: var(--_fg);
    font-weight: 600;
  }
  button {
    padding: 0.3rem 0.8rem;
    min-height: 2.25rem;
  }
`;
