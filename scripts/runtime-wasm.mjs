// The runtime binary's decoded size, known at build time: a host that serves the .wasm
// compressed (brotli, gzip) sends the compressed length or none, so the page could not otherwise
// show how much of it has arrived. Shared by the Vite and Vitest configurations.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';

const wasmPath = createRequire(import.meta.url).resolve(
  'onnxruntime-web/ort-wasm-simd-threaded.wasm',
);

/** Vite `define` entries for src/runtime/runtime-binary.ts. */
export function runtimeDefines() {
  return { __FORMCAST_RUNTIME_WASM_BYTES__: JSON.stringify(statSync(wasmPath).size) };
}
