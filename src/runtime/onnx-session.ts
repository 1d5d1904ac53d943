/**
 * The only module that imports onnxruntime-web. Everything else speaks in plain typed arrays
 * (see feeds.ts), so the runtime can be upgraded or swapped here alone.
 */

import * as ort from 'onnxruntime-web/wasm';
import type { Column } from './feeds';
import { setOwn } from '../manifest/records';

/** Version of onnxruntime-web in use, for model cards and bug reports. */
export const runtimeVersion: string = ort.env.versions.web ?? 'unknown';

export interface ValueInfo {
  readonly name: string;
  /** Tensor element type, or undefined for non-tensor values (sequences, maps). */
  readonly dtype: string | undefined;
  /** Tensor shape; symbolic dimensions are names (e.g. the batch size). */
  readonly shape?: readonly (number | string)[];
}

export interface OutputTensor {
  readonly dtype: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | string[] | BigInt64Array | ArrayLike<number>;
}

export interface ModelSession {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  run(
    feeds: Record<string, Column>,
    outputNames: readonly string[],
  ): Promise<Record<string, OutputTensor>>;
  release(): Promise<void>;
}

/**
 * An 80-byte ONNX model (one Identity node on float32[1]). Creating a session from it makes
 * onnxruntime-web instantiate its WebAssembly and initialise (≈ 280 ms here) while the real
 * model is still being fetched, so that work leaves the critical path.
 */
const WARMUP_MODEL = Uint8Array.from(
  atob(
    'CAgSCGZvcm1jYXN0OjwKEAoBeBIBeSIISWRlbnRpdHkSBndhcm11cFoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEBE=',
  ),
  (c) => c.charCodeAt(0),
);

/**
 * What the runtime starts from: the binary compiled already (by the page, where Chromium caches
 * compiled WebAssembly), the binary's bytes, or nothing (onnxruntime-web then fetches the binary
 * from next to its own script, which only tests rely on: the worker always passes one of the
 * first two).
 */
export type RuntimeBinary =
  { readonly module: WebAssembly.Module } | { readonly bytes: ArrayBuffer } | undefined;

/** Moments of the runtime's start, in ms on this context's clock (performance.now()). */
export interface RuntimeStartTimes {
  /** The compiled module was instantiated (NaN when onnxruntime-web compiled the bytes itself). */
  readonly instantiated: number;
  /** onnxruntime-web is initialised (its first session created and released). */
  readonly initialised: number;
}

let initialised: Promise<RuntimeStartTimes> | undefined;

/**
 * onnxruntime-web has no option to take a compiled module. Its Emscripten glue, given
 * `wasmBinary`, calls `WebAssembly.instantiate(new Uint8Array(wasmBinary), imports)`: a view
 * over the very ArrayBuffer it was given. So the runtime is given a small placeholder buffer,
 * and the one instantiate call that receives a view over it instantiates the compiled module
 * instead (and answers `{instance, module}` as instantiate from bytes does). Every other call
 * passes through. The hook removes itself once used. tests/unit/runtime-module.test.ts pins this
 * contract to the onnxruntime-web version in package.json.
 */
function instantiateFrom(module: WebAssembly.Module, onInstance: () => void): ArrayBuffer {
  const placeholder = new ArrayBuffer(8);
  const instantiate = WebAssembly.instantiate;
  const hooked = (source: unknown, imports?: WebAssembly.Imports): Promise<unknown> => {
    if (ArrayBuffer.isView(source) && source.buffer === placeholder) {
      WebAssembly.instantiate = instantiate;
      return instantiate(module, imports).then((instance) => {
        onInstance();
        return { instance, module };
      });
    }
    return (instantiate as (s: unknown, i?: WebAssembly.Imports) => Promise<unknown>)(
      source,
      imports,
    );
  };
  WebAssembly.instantiate = hooked as typeof WebAssembly.instantiate;
  return placeholder;
}

/**
 * Starts onnxruntime-web once per worker, from `binary` (see RuntimeBinary). Resolves with when
 * its instance existed and when it was initialised.
 */
export function initRuntime(binary?: RuntimeBinary): Promise<RuntimeStartTimes> {
  initialised ??= (async () => {
    // We own the worker already: ORT's proxy worker would be a second hop, and threads need
    // cross-origin isolation that embedding pages rarely have. Trees gain nothing from threads.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    let instantiated = Number.NaN;
    const onInstance = () => (instantiated = performance.now());
    if (binary && 'module' in binary)
      ort.env.wasm.wasmBinary = instantiateFrom(binary.module, onInstance);
    else if (binary) ort.env.wasm.wasmBinary = binary.bytes;
    const warmup = await ort.InferenceSession.create(WARMUP_MODEL, {
      executionProviders: ['wasm'],
    });
    await warmup.release();
    return { instantiated, initialised: performance.now() };
  })();
  return initialised;
}

/** Creates an inference session from model bytes, starting the runtime first if needed. */
export async function createModelSession(modelBytes: Uint8Array): Promise<ModelSession> {
  await initRuntime();
  const session = await ort.InferenceSession.create(modelBytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const toValueInfo = (meta: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] =>
    meta.map((m) => ({
      name: m.name,
      dtype: m.isTensor ? m.type : undefined,
      shape: m.isTensor ? m.shape : undefined,
    }));
  return {
    inputs: toValueInfo(session.inputMetadata),
    outputs: toValueInfo(session.outputMetadata),
    async run(feeds, outputNames) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, column] of Object.entries(feeds)) {
        setOwn(tensors, name, new ort.Tensor(column.dtype, column.data, column.dims));
      }
      const results = await session.run(tensors, [...outputNames]);
      const out: Record<string, OutputTensor> = {};
      for (const [name, tensor] of Object.entries(results)) {
        setOwn(out, name, {
          dtype: tensor.type,
          dims: tensor.dims,
          data: tensor.data as OutputTensor['data'],
        });
        tensor.dispose();
      }
      return out;
    },
    release: () => session.release(),
  };
}
