import { defineConfig } from 'vitest/config';
import { runtimeDefines } from './scripts/runtime-wasm.mjs';

export default defineConfig({
  define: runtimeDefines(),
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
  },
});
