// Import rules for src/, checked by `npm test` (`npx depcruise src`). The layers, lowest first:
// manifest, inputs, errors → runtime (runs sessions, reads answers) → batch (CSV scoring, built
// on the runtime) → worker (composes both behind Comlink) → client (main thread) → controllers,
// components, app, embed (the page). Type-only imports count: a type cycle is still a knot a
// reader has to untie.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'Two folders of src/ import each other, directly or through others: dependencies must point one way.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'worker-side-stays-below-the-page',
      comment:
        'Code that runs in the worker (or is shared with it) must not import page code: the page builds on it, never the reverse.',
      severity: 'error',
      from: { path: '^src/(runtime|batch|worker|manifest|inputs|csv|explain)/' },
      to: { path: '^src/(client|controllers|components|app|embed|events|history|url)/' },
    },
    {
      name: 'runtime-below-batch-and-worker',
      comment:
        'The runtime runs sessions and reads answers; batch scoring and the worker build on it, never the reverse.',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(batch|worker)/' },
    },
    {
      name: 'no-module-cycle',
      comment: 'A module imports itself through others.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
