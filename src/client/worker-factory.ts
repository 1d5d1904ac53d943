import type { WorkerLike } from './worker-bridge';

/** Starts a new predictor worker (the only kind of worker Formcast runs). */
export function newPredictorWorker(): WorkerLike {
  // Written inline so Vite sees the URL and bundles the worker as its own chunk.
  return new Worker(new URL('../runtime/predictor.worker.ts', import.meta.url), {
    type: 'module',
    name: 'formcast-predictor',
  });
}

let spareWorker: WorkerLike | undefined;

/**
 * Starts a predictor worker now, before any model is known: it begins downloading and
 * initialising the runtime at once. The next predictor created adopts it. Call it first thing
 * in a page that will predict.
 */
export function prestartPredictorWorker(): void {
  spareWorker ??= newPredictorWorker();
}

/** The pre-started worker if there is one, else a new one. */
export function takePredictorWorker(): WorkerLike {
  const worker = spareWorker ?? newPredictorWorker();
  spareWorker = undefined;
  return worker;
}
