import { css } from 'lit';

export const fieldStyles = css`
  :host {
    display: block;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .label,
  legend {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
    padding: 0;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0 0 0.35rem;
  }
  .control {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  input[type='text'],
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.45rem 0.6rem;
    min-height: 2.5rem;
    width: 100%;
    max-width: 12rem;
  }
  /* A select is as wide as its longest choice allows, so long category names stay readable. */
  select {
    width: auto;
    min-width: min(12rem, 100%);
    max-width: 100%;
  }
  .unit {
    color: var(--_muted);
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .option {
    position: relative;
  }
  .option input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  .option span {
    display: inline-block;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4rem 0.8rem;
    min-height: 2.5rem;
    line-height: 1.6;
    background: var(--_bg);
  }
  .option input:checked + span {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .option input:focus-visible + span {
    box-shadow: var(--_focus);
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .message {
    margin: 0.3rem 0 0;
    font-size: 0.9em;
  }
  .message.error {
    color: var(--_error);
    font-weight: 600;
  }
  .message.warning {
    color: var(--_warning);
  }
`;
