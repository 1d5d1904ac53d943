// A Vite plugin for both builds (site and embed): the components' stylesheets (the css``
// literals of src/components/**/*.styles.ts) keep their comments for readers of the source, but
// a template literal reaches the bundle as written, so every visitor downloaded them too (≈ 1.4 KB
// raw of the first visit's code). Each comment becomes blanks of its own length, newlines kept,
// so positions, and the source map, stay as they were; gzip and brotli store a run of blanks in
// a few bytes.

/** Strips comments from the components' stylesheets before they are bundled. */
export function stripStyleComments() {
  return {
    name: 'formcast:strip-style-comments',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return { code: blankComments(code), map: null };
    },
  };
}

/** `code` with every block comment replaced by blanks (newlines kept). */
export function blankComments(code) {
  return code.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
}
