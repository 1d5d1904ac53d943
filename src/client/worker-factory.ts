import workerUrl from '../worker/predictor.worker.ts?worker&url';
import type { RuntimeMessage } from '../worker/protocol';
import { compileRuntime } from './runtime-compile';
import type { WorkerLike } from './worker-bridge';
import { watchWorker } from './worker-watch';

const WORKER_NAME = 'formcast-predictor';

/**
 * Starts a new predictor worker (the only kind of worker Formcast runs: the form's, a batch's)
 * and hands it the runtime the page compiles once for all of them (client/runtime-compile.ts):
 * the worker instantiates that module, or fetches the binary itself when the page could not
 * compile it.
 *
 * On Formcast's own site the worker script is same-origin and starts directly, which the site's
 * strict CSP requires (no blob workers). Embedded in another site's page, browsers refuse a
 * worker script from another origin; a one-line module worker made on the page's own origin may
 * import it, though, when Formcast's host allows CORS. The host page's CSP then needs
 * `worker-src blob:` (see docs/embedding.md).
 */
export function newPredictorWorker(): WorkerLike {
  const worker = startWorker();
  void compileRuntime().source.then((source) => {
    const message: RuntimeMessage = { type: 'formcast-runtime', ...source };
    try {
      worker.postMessage(message);
    } catch (error) {
      // A module that cannot cross to this worker: it fetches and compiles the binary itself.
      const reason = `the compiled runtime could not be sent to the worker (${String(error)})`;
      worker.postMessage({ type: 'formcast-runtime', reason } satisfies RuntimeMessage);
    }
  });
  return worker;
}

function startWorker(): WorkerLike {
  const url = new URL(workerUrl, import.meta.url);
  if (url.origin === location.origin) {
    const worker = new Worker(url, { type: 'module', name: WORKER_NAME });
    // Watched from now on: an error it fires before a predictor adopts it must not be lost.
    watchWorker(worker, url.href);
    return worker;
  }
  // Static import: the bundle is fetched and evaluated before the worker takes its first message.
  const shim = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' }),
  );
  const worker = new Worker(shim, { type: 'module', name: WORKER_NAME });
  watchWorker(worker, url.href);
  // The worker has fetched its script long before this; revoking frees the blob.
  setTimeout(() => URL.revokeObjectURL(shim), 30_000);
  return worker;
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
