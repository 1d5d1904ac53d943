// Custom Elements Manifest analyzer: builds custom-elements.json, the API reference of the
// elements for embedders, from the components' JSDoc. `npm run docs` writes it; `npm test`
// fails when the committed file is stale.
export default {
  globs: ['src/components/**/*.component.ts'],
  exclude: ['**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise write its --outdir into package.json's customElements field on
  // every run, including the staleness check's run into a scratch folder.
  packagejson: false,
  plugins: [
    {
      // The glob lists files in directory order, which differs between file systems: sort the
      // modules by path so that the same sources give the same file on every machine.
      name: 'formcast-sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path, 'en'));
      },
    },
  ],
};
