import { css } from 'lit';

export const appStyles = css`
  :host {
    display: block;
    max-width: 68rem;
    margin: 0 auto;
    padding: 1rem 1.25rem 2rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem 1rem;
    border-bottom: 1px solid var(--_border);
    margin-bottom: 1.25rem;
    padding-bottom: 0.6rem;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0;
  }
  .brand {
    color: var(--_accent);
  }
  .model-title {
    font-size: 1.1rem;
    margin: 0;
    font-weight: 600;
  }
  nav ul {
    list-style: none;
    display: flex;
    gap: 0.75rem;
    margin: 0;
    padding: 0;
  }
  nav a {
    color: var(--_accent);
  }
  nav a[aria-current='page'] {
    font-weight: 700;
    text-decoration: none;
  }
  .history,
  .batch {
    margin-top: 2rem;
  }
  .history h2,
  .batch h2 {
    font-size: 1.2rem;
    margin: 0 0 0.5rem;
  }
  footer {
    margin-top: 2rem;
    color: var(--_muted);
    font-size: 0.9em;
    border-top: 1px solid var(--_border);
    padding-top: 0.6rem;
  }
  .error {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
  }
`;
