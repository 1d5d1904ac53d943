import { css } from 'lit';

/** The primary button, the same in every Formcast element. */
export const buttonStyles = css`
  button {
    font: inherit;
    color: var(--_accent-fg);
    background: var(--_accent);
    border: 0;
    border-radius: var(--_radius);
    padding: 0.45rem 1rem;
    min-height: 2.5rem;
    cursor: pointer;
  }
`;

/** A failure box: what went wrong, what to do (see render-status.ts). */
export const errorBoxStyles = css`
  .error {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
    background: var(--_bg);
  }
  .error-title {
    color: var(--_error);
    font-weight: 700;
    margin: 0 0 0.25rem;
  }
  .error p {
    margin: 0.25rem 0;
    overflow-wrap: anywhere;
  }
`;

/** A horizontal bar in a rounded track: class probabilities, batch class counts. */
export const barStyles = css`
  .track {
    display: block;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 999px;
    height: 0.75rem;
    overflow: hidden;
  }
  .bar {
    display: block;
    background: var(--_accent);
    height: 100%;
  }
`;
