import { css } from 'lit';

/**
 * Looks shared by every Formcast element. All colours come from custom properties with fallbacks,
 * so an embedding page can theme the widget without reaching into its shadow DOM.
 * Fallback colours keep at least 4.5:1 contrast on the fallback background.
 */
export const sharedStyles = css`
  :host {
    --_fg: var(--formcast-color-text, #1b1f24);
    --_muted: var(--formcast-color-muted, #4d5662);
    --_bg: var(--formcast-color-background, #ffffff);
    --_surface: var(--formcast-color-surface, #f4f6f8);
    --_border: var(--formcast-color-border, #8a94a0);
    --_accent: var(--formcast-color-accent, #0b5cad);
    --_accent-fg: var(--formcast-color-on-accent, #ffffff);
    --_error: var(--formcast-color-error, #b3261e);
    --_warning: var(--formcast-color-warning, #7a4d00);
    --_radius: var(--formcast-radius, 6px);
    --_focus: var(--formcast-focus-ring, 0 0 0 3px #ffbf47);
  }
  /* Text styles are set on the host and again on .root inside it: a host page's rules beat
     :host (say, * { all: unset }), but cannot reach inside the shadow root. */
  :host,
  .root {
    font-family: var(
      --formcast-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif
    );
    font-size: var(--formcast-font-size, 1rem);
    line-height: 1.45;
    color: var(--_fg);
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
