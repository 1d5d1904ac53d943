/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

/** The runtime binary's decoded size in bytes (scripts/runtime-wasm.mjs). */
declare const __FORMCAST_RUNTIME_WASM_BYTES__: number | undefined;
