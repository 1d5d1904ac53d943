// The page compiles the runtime and its workers instantiate that WebAssembly.Module
// (client/runtime-compile.ts → runtime/onnx-session.ts). onnxruntime-web has no option for a
// compiled module; this pins the contract the worker relies on to the installed version: given a
// module, the runtime starts from it (not from bytes) and predicts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { initRuntime } from '../../src/runtime/onnx-session';
import { predictRows } from '../../src/runtime/predict-rows';
import { loadModel, readGolden } from '../fixtures/models';

it('starts onnxruntime-web from a compiled module and predicts the golden rows', async () => {
  const wasm = readFileSync(
    createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'),
  );
  const module = await WebAssembly.compile(wasm);
  const instantiate = WebAssembly.instantiate;

  const started = await initRuntime({ module });

  // The placeholder's instantiate call was routed to the module (the hook records the moment,
  // and puts WebAssembly.instantiate back once used).
  expect(started.instantiated).toBeGreaterThan(0);
  expect(started.initialised).toBeGreaterThanOrEqual(started.instantiated);
  expect(WebAssembly.instantiate).toBe(instantiate);

  const golden = readGolden<{ rows: { inputs: Record<string, number | string>; label: string }[] }>(
    'drug',
  );
  const model = await loadModel('drug');
  const answers = await predictRows(
    model.manifest,
    golden.rows.map((r) => r.inputs),
    model.run,
  );
  expect(answers.map((a) => ('label' in a ? a.label : a))).toEqual(golden.rows.map((r) => r.label));
});
