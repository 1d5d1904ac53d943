import { defineConfig } from 'vite';
import { runtimeDefines } from './scripts/runtime-wasm.mjs';
import { VitePWA } from 'vite-plugin-pwa';
import { stripStyleComments } from './scripts/style-comments.mjs';

/** The runtime is 14 MB; Workbox's default 2 MiB ceiling would silently leave it uncached. */
const MAX_PRECACHE_BYTES = 24 * 1024 * 1024;

export default defineConfig({
  // Relative asset URLs let the same dist/ be served from a domain root or any sub-path.
  base: './',
  define: runtimeDefines(),
  // Tests build a second site with another model (the update test); production uses public/.
  publicDir: process.env.FORMCAST_PUBLIC_DIR ?? 'public',
  worker: {
    format: 'es',
    // onnxruntime-web's JavaScript in a chunk of its own: the bundle-size budget (and anyone
    // reading the build) can tell the runtime from our code, and app updates leave it cached.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'onnxruntime-web', test: /onnxruntime-web/ }] } },
    },
  },
  build: {
    target: 'es2022',
    // The site, and the page that iframe embeds load (widget only).
    rolldownOptions: { input: { main: 'index.html', frame: 'embed.html' } },
    // The ORT wasm is 14 MB by design; the warning would fire on every build.
    chunkSizeWarningLimit: 1000,
  },
  preview: { port: 4173, strictPort: false },
  plugins: [
    stripStyleComments(),
    VitePWA({
      // Never swap code under a user who is filling in the form: a new version waits for a click.
      registerType: 'prompt',
      // Registered from src/app/service-worker.ts, inside our bundle: no inline script (CSP).
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'Formcast',
        short_name: 'Formcast',
        description:
          'Predictions that run entirely in your browser. Nothing you type is sent anywhere.',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#0b5cad',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-192.png',
            sizes: '192x192',
            type: 'image/png',
            purpose: 'maskable',
          },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // Shell, worker, runtime wasm, icons, and every model directory (its golden vectors are
        // test data, not needed to predict, so they stay on the server).
        globPatterns: [
          '**/*.{html,js,mjs,css,wasm,png,ico,webmanifest}',
          'models/**/*.{onnx,json}',
        ],
        globIgnores: ['**/golden.json'],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_BYTES,
        // Links carry the form in their query string (?Age=60&..., embed.html?model=drug&...):
        // match precached pages whatever the parameters, and fall back to the shell.
        ignoreURLParametersMatching: [/.*/],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // A first visit's page is not controlled until the worker claims it; without the claim,
        // accepting an update on that page would never trigger the reload.
        clientsClaim: true,
      },
      devOptions: { enabled: false },
    }),
  ],
});
