/**
 * The only module that imports onnxruntime-web. Everything else speaks in plain typed arrays
 * (see feeds.ts), so the runtime can be upgraded or swapped here alone.
 */

import wasmAssetUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import * as ort from 'onnxruntime-web/wasm';
import type { Column } from './feeds';
import { setOwn } from '../manifest/records';

/** URL of the runtime's WebAssembly binary, emitted by Vite as an asset of our own origin. */
export const runtimeWasmUrl: string = wasmAssetUrl;

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

let initialised: Promise<void> | undefined;

/**
 * Starts onnxruntime-web once per worker. `wasmBinary`, when given, is the runtime binary the
 * caller already downloaded (with progress); otherwise ORT fetches it from our origin.
 */
export function initRuntime(wasmBinary?: ArrayBuffer): Promise<void> {
  initialised ??= (async () => {
    // We own the worker already: ORT's proxy worker would be a second hop, and threads need
    // cross-origin isolation that embedding pages rarely have. Trees gain nothing from threads.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    if (wasmBinary) ort.env.wasm.wasmBinary = wasmBinary;
    else ort.env.wasm.wasmPaths = { wasm: new URL(runtimeWasmUrl, import.meta.url).href };
    const warmup = await ort.InferenceSession.create(WARMUP_MODEL, {
      executionProviders: ['wasm'],
    });
    await warmup.release();
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
