/**
 * Where the runtime's WebAssembly binary is and how big it is, without importing
 * onnxruntime-web: the page compiles the binary (see client/runtime-compile.ts) and must not
 * carry the runtime's JavaScript.
 */
import wasmAssetUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

/** URL of the runtime's WebAssembly binary, emitted by Vite as an asset of our own origin. */
export const runtimeWasmUrl: string = new URL(wasmAssetUrl, import.meta.url).href;

/**
 * Its size once decoded, from the build (null where a bundler did not define it): the total a
 * progress bar can count decoded bytes against, whatever the host's compression.
 */
export const runtimeWasmBytes: number | null =
  typeof __FORMCAST_RUNTIME_WASM_BYTES__ === 'number' ? __FORMCAST_RUNTIME_WASM_BYTES__ : null;
