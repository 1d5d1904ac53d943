import { css } from 'lit';

export const predictorStyles = css`
  :host {
    display: block;
  }
  /* On .root, not :host, so that a host page's rules on the element cannot undo them. */
  .root {
    display: block;
    background: var(--_bg);
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 1.5rem;
    align-items: start;
  }
  @container (max-width: 640px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  :host([compact]) .layout {
    grid-template-columns: minmax(0, 1fr);
    gap: 1rem;
  }
  /* One column that never grows past the layout's: a select's longest choice must not widen it. */
  form {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1rem;
  }
  :host([compact]) form {
    gap: 0.6rem;
  }
  .aside {
    display: grid;
    gap: 1rem;
    position: sticky;
    top: 1rem;
  }
  /* One column: the result goes above the form and stays in view while the form scrolls (a long
     form would otherwise push it a screen or more below the field being edited). display:
     contents makes it a grid item of the layout, so it sticks for the whole form. */
  @container (max-width: 640px) {
    .aside {
      display: contents;
    }
    .aside > formcast-result {
      order: -1;
      position: sticky;
      top: 0;
      z-index: 1;
      background: var(--_bg);
      padding-bottom: 0.5rem;
      --formcast-result-font-size: 1.5rem;
    }
  }
  .notice {
    border-left: 4px solid var(--_warning);
    background: var(--_surface);
    padding: 0.5rem 0.8rem;
    margin: 0 0 1rem;
  }
  .notice ul {
    margin: 0.2rem 0 0;
    padding-left: 1.1rem;
  }
  .progress {
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 1rem;
  }
  .progress progress {
    width: 100%;
    margin-top: 0.5rem;
  }
  .progress-text {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0.3rem 0 0;
  }
  button {
    margin-top: 0.5rem;
  }
  /* The "Why this prediction?" disclosure (explain-section-controller.ts), like the model card. */
  .explain {
    /* As a grid item of the aside it would otherwise grow to its widest table. */
    min-width: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.9rem;
  }
  .explain summary {
    cursor: pointer;
    font-weight: 600;
    padding: 0.25rem 0;
  }
  .explain[open] summary {
    margin-bottom: 0.5rem;
  }
  .explain-loading {
    color: var(--_muted);
    margin: 0;
  }
  .explain-problem {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.5rem 0.8rem;
  }
`;
