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

/**
 * This build's binary as the origin's Cache Storage holds it at `url` (a service worker's
 * precache), read without streaming it through the service worker; undefined when none is
 * stored, when there is no Cache Storage here (an opaque origin, storage disabled), or when the
 * copy has another size than this build's: a host's own cache may keep another onnxruntime-web
 * binary at that address, which this build's glue code cannot instantiate. Without the build's
 * size (a bundler that did not define it) no copy can be checked, and none is answered.
 */
export async function storedRuntimeBinary(url: string): Promise<Blob | undefined> {
  try {
    const copy = await (await globalThis.caches?.match(url))?.blob();
    return copy?.size === runtimeWasmBytes ? copy : undefined;
  } catch {
    return undefined;
  }
}
