import type { Plugin } from 'vite';

/** Strips comments from the components' stylesheets (`*.styles.ts`) before they are bundled. */
export function stripStyleComments(): Plugin;

/** `code` with every block comment replaced by blanks of its length (newlines kept). */
export function blankComments(code: string): string;
