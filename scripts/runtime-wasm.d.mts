/** Vite `define` entries for src/runtime/runtime-binary.ts. */
export function runtimeDefines(): Record<string, string>;
