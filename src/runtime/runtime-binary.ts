/**
 * How big the runtime's WebAssembly binary is, known without importing onnxruntime-web: the page
 * compiles the binary (see client/runtime-compile.ts) and must not carry the runtime's
 * JavaScript. Where the binary is, only the page decides (client/runtime-location.ts), and tells
 * each worker.
 */

/**
 * Its size once decoded, from the build (null where a bundler did not define it): the total a
 * progress bar can count decoded bytes against, whatever the host's compression.
 */
export const runtimeWasmBytes: number | null =
  typeof __FORMCAST_RUNTIME_WASM_BYTES__ === 'number' ? __FORMCAST_RUNTIME_WASM_BYTES__ : null;
