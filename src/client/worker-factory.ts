import type { RuntimeMessage } from '../worker/protocol';
import { compileRuntime } from './runtime-compile';
import type { WorkerLike } from './worker-bridge';
import { watchWorker } from './worker-watch';

const WORKER_NAME = 'formcast-predictor';
/** The worker's entry, as the literal in workerScriptUrl() names it (the npm build: `.js`). */
const WORKER_ENTRY = '../worker/predictor.worker.ts';
/**
 * The same worker in one self-contained file, shipped in the npm package (scripts/build-npm.mjs)
 * for pages that load the package with no bundler.
 */
const STANDALONE_WORKER = '../worker/predictor.worker.standalone.js';

/**
 * Starts a new predictor worker (the only kind of worker Formcast runs: the form's, a batch's)
 * and hands it the runtime the page compiles once for all of them (client/runtime-compile.ts):
 * the worker instantiates that module, or fetches the binary itself when the page could not
 * compile it.
 *
 * On Formcast's own site, and in an app that bundles the npm package, the worker script is
 * same-origin and starts directly, which a strict CSP requires (no blob workers). Embedded in
 * another site's page, browsers refuse a worker script from another origin; a one-line module
 * worker made on the page's own origin may import it, though, when Formcast's host allows CORS.
 * The host page's CSP then needs `worker-src blob:` (see docs/embedding.md).
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
      worker.postMessage({
        type: 'formcast-runtime',
        reason,
        url: source.url,
      } satisfies RuntimeMessage);
    }
  });
  return worker;
}

let scriptUrl: string | undefined;

/**
 * The worker script's address. Bundlers (Vite, webpack 5, Rollup, Parcel) recognise a worker
 * only in the literal form `new Worker(new URL('…', import.meta.url), …)`, and rewrite that URL
 * to the worker they build; the page needs the address before it starts a worker (to start it
 * through a blob: module when it is on another origin, to name it when it fails). So the form is
 * evaluated once with the global Worker replaced, for that one synchronous call, by a constructor
 * that records its argument: no worker starts.
 *
 * An address nobody rewrote means no bundler saw this module: a page loads the npm package
 * through an import map. That entry's own imports are bare specifiers, which a worker cannot
 * resolve (import maps do not reach workers), so the package's self-contained copy starts instead.
 */
function workerScriptUrl(): string {
  if (scriptUrl !== undefined) return scriptUrl;
  const realWorker = globalThis.Worker;
  let recorded = '';
  globalThis.Worker = function recordUrl(url: string | URL) {
    recorded = String(url);
  } as unknown as typeof Worker;
  try {
    new Worker(new URL('../worker/predictor.worker.ts', import.meta.url), { type: 'module' });
  } finally {
    globalThis.Worker = realWorker;
  }
  const unbundled = recorded === new URL(WORKER_ENTRY, import.meta.url).href;
  scriptUrl = unbundled ? new URL(STANDALONE_WORKER, import.meta.url).href : recorded;
  return scriptUrl;
}

function startWorker(): WorkerLike {
  const url = new URL(workerScriptUrl(), location.href);
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
