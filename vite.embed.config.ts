import { defineConfig } from 'vite';
import { runtimeDefines } from './scripts/runtime-wasm.mjs';
import { stripStyleComments } from './scripts/style-comments.mjs';

/**
 * The embeddable build: dist/embed/formcast.js (the widget) and dist/embed/api.js (the headless
 * API) for other sites' pages. It writes into the site's dist/ after the site build, sharing
 * dist/assets/: the worker and the 14 MB runtime have the same hashed names in both builds, so
 * they are stored, and cached by browsers, once. An app build with JS entries rather than library mode, because library
 * mode would inline the 14 MB runtime into the script as base64. Every asset URL resolves against
 * the script's own URL, so the bundle works from whichever origin serves it.
 */
export default defineConfig({
  base: './',
  define: runtimeDefines(),
  publicDir: false,
  plugins: [stripStyleComments()],
  worker: {
    format: 'es',
    // onnxruntime-web's JavaScript in a chunk of its own: the bundle-size budget (and anyone
    // reading the build) can tell the runtime from our code, and app updates leave it cached.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'onnxruntime-web', test: /onnxruntime-web/ }] } },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      input: { formcast: 'src/embed/formcast.ts', api: 'src/embed/api.ts' },
      // Entries are modules other pages import: keep their exports.
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: 'embed/[name].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
