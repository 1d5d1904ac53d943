import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs let the same dist/ be served from a domain root or any sub-path.
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The ORT wasm is 14 MB by design; the warning would fire on every build.
    chunkSizeWarningLimit: 1000,
  },
  preview: { port: 4173, strictPort: false },
});
