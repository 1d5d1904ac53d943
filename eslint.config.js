// One linter for TypeScript and the Node scripts; formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.venv/',
      'public/models/',
      'test-results/',
      'playwright-report/',
      '.test-reports/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: [
      'scripts/**/*.mjs',
      'bench/**/*.mjs',
      'tests/**/*.ts',
      '*.config.ts',
      'eslint.config.js',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Benchmarks and browser tests also hold functions that run inside the page.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Declaration merging into GlobalEventHandlersEventMap is an empty interface by design.
      '@typescript-eslint/no-empty-object-type': [
        'error',
        { allowInterfaces: 'with-single-extends' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
