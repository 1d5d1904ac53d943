/// <reference lib="webworker" />
// First: fixes self.location before any other module reads it.
import './worker-location';
import { expose } from 'comlink';
import './comlink-errors';
import { reportLiveness } from './liveness';
import { createPredictorCore } from './predictor-core';
import { loadRuntime, provideRuntime } from '../runtime/runtime-loader';
import type { RuntimeMessage } from './protocol';

// The page learns that this script loaded, and later whether the worker still lives.
reportLiveness();

// The page sends the runtime (compiled, or a reason to fetch it here) right after starting this
// worker; Comlink ignores the message (it has no Comlink type).
self.addEventListener('message', (event: MessageEvent<Partial<RuntimeMessage> | null>) => {
  const data = event.data;
  if (data?.type !== 'formcast-runtime') return;
  provideRuntime(
    data.module
      ? { module: data.module }
      : { reason: data.reason ?? 'the page sent no compiled runtime' },
  );
});
// Start the runtime as soon as the page's message arrives, before any model is asked for.
loadRuntime();

expose(createPredictorCore());
