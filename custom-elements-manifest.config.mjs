// Custom Elements Manifest analyzer: builds custom-elements.json, the API reference of the
// elements for embedders, from the components' JSDoc. `npm run docs` writes it; `npm test`
// fails when the committed file is stale.
export default {
  globs: ['src/components/**/*.component.ts'],
  exclude: ['**/*.test.ts'],
  outdir: '.',
  litelement: true,
};
