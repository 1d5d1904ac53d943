/**
 * Where the page finds the runtime's WebAssembly binary (onnxruntime-web's
 * `ort-wasm-simd-threaded.wasm`), for itself and for every worker it starts. Never another
 * origin unless the app says so: by default the binary is an asset of the app's own build.
 */

/** Options for the runtime that every Formcast predictor and batch scorer on the page shares. */
export interface RuntimeOptions {
  /**
   * Address of onnxruntime-web's `ort-wasm-simd-threaded.wasm`, of the onnxruntime-web version
   * Formcast depends on, for setups whose bundler cannot place it (assets copied or moved by a
   * separate step, a server that maps paths): relative addresses resolve against the page.
   * Without it, the app's bundler emits the binary and Formcast finds it; a page with no bundler
   * finds it through its import map (an entry for `onnxruntime-web/`).
   */
  readonly wasmUrl?: string | URL;
}

/**
 * The binary as the app's bundler emits it: Vite, webpack 5 and Rollup turn
 * `new URL('<file of a dependency>', import.meta.url)` into the address of an asset of the app's
 * own build. Without a bundler this names a file next to this module, which does not exist.
 */
const bundled: string = new URL('onnxruntime-web/ort-wasm-simd-threaded.wasm', import.meta.url)
  .href;

let configured: string | undefined;
let decided: string | undefined;

/**
 * Sets where the runtime's binary is, for the whole page. Call it before the first prediction
 * (before any predictor, batch scorer or element starts): the page compiles the binary once and
 * every worker instantiates that compilation.
 * @throws {Error} when the runtime has already started from another address.
 */
export function configureRuntime(options: RuntimeOptions): void {
  const next =
    options.wasmUrl === undefined
      ? undefined
      : new URL(options.wasmUrl, globalThis.document?.baseURI).href;
  if (decided !== undefined && next !== undefined && next !== decided) {
    throw new Error(
      `configureRuntime({ wasmUrl: "${next}" }) came too late: the runtime already loads from ${decided}. Call it before the first prediction.`,
    );
  }
  configured = next;
}

/** The binary's address, decided on first use: the configured one, the import map's, the bundler's. */
export function runtimeWasmUrl(): string {
  decided ??= configured ?? fromImportMap() ?? bundled;
  return decided;
}

/**
 * The page's import map's address for the binary. Resolving a bare specifier succeeds only where
 * the page maps it, that is on a page that loads Formcast with no bundler; a bundled app has no
 * such entry and the call throws (or, rewritten by a bundler, is not a function).
 */
function fromImportMap(): string | undefined {
  try {
    return import.meta.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
  } catch {
    return undefined;
  }
}
