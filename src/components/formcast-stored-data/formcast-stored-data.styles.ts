import { css } from 'lit';

export const storedDataStyles = css`
  :host {
    display: block;
  }
  details {
    margin-top: 0.75rem;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  ul {
    margin: 0.4rem 0;
    padding-left: 1.2rem;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.3rem 0.8rem;
    min-height: 2.25rem;
    cursor: pointer;
  }
  p {
    margin: 0.4rem 0;
  }
`;
