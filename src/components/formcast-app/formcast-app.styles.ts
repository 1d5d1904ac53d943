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
  nav {
    flex: 1 1 100%;
  }
  nav ul {
    list-style: none;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
    gap: 0.5rem;
    margin: 0;
    padding: 0;
  }
  /* Each model is a card; its link's ::after covers the card, so all of it is clickable. */
  nav li {
    position: relative;
    display: grid;
    align-content: start;
    gap: 0.15rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
  }
  nav li.current {
    border: 2px solid var(--_accent);
    background: var(--_surface);
  }
  nav a {
    color: var(--_accent);
    font-weight: 600;
  }
  nav a::after {
    content: '';
    position: absolute;
    inset: 0;
    border-radius: inherit;
  }
  nav a[aria-current='page'] {
    text-decoration: none;
  }
  nav a:focus-visible {
    box-shadow: none;
  }
  nav a:focus-visible::after {
    box-shadow: var(--_focus);
  }
  .task,
  .description {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .description {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }
  /* On a phone, titles alone, side by side as far as they fit: the form stays near the top. */
  @media (max-width: 40rem) {
    nav ul {
      display: flex;
      flex-wrap: wrap;
    }
    nav li {
      padding: 0.35rem 0.6rem;
    }
    .task,
    .description {
      display: none;
    }
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
`;
