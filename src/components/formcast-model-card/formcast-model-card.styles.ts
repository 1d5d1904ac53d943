import { css } from 'lit';

export const modelCardStyles = css`
  :host {
    display: block;
  }
  details {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.9rem;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    padding: 0.25rem 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.3rem 1rem;
    margin: 0.5rem 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .notice {
    border-left: 4px solid var(--_warning);
    padding: 0.4rem 0.7rem;
    background: var(--_surface);
    margin: 0.5rem 0;
  }
  ul {
    margin: 0.3rem 0;
    padding-left: 1.2rem;
  }
  .muted {
    color: var(--_muted);
  }
  code {
    font-size: 0.85em;
  }
  @media (max-width: 480px) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: 0.4rem;
    }
  }
`;
