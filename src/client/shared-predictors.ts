import { ErrorCode, FormcastError } from '../errors';
import { createPredictor, type Predictor, resolveModelDir } from './create-predictor';

interface Entry {
  readonly predictor: Predictor;
  users: number;
  disposeTimer: ReturnType<typeof setTimeout> | undefined;
}

const entries = new Map<string, Entry>();

/** How long an unused model's worker lives on, so a widget moved in the DOM keeps it. */
const LINGER_MS = 2000;

/** A predictor borrowed from the page-wide pool; `release()` gives it back. */
export interface SharedPredictor {
  /**
   * The model's predictor as this holder sees it. An AbortSignal passed to a call cancels that
   * call only; it stops the model's worker (the only way to interrupt work inside it) when no
   * other holder shares the worker. `dispose()` is `release()`.
   */
  readonly predictor: Predictor;
  release(): void;
}

/**
 * The predictor for a model directory, shared by every widget on the page that shows the same
 * model: one worker, one runtime, one session per model, however many widgets. The worker stops
 * shortly after the last widget lets go.
 */
export function acquirePredictor(src: string): SharedPredictor {
  const key = resolveModelDir(src);
  let entry = entries.get(key);
  if (!entry) {
    entry = { predictor: createPredictor(key), users: 0, disposeTimer: undefined };
    entries.set(key, entry);
  }
  const held = entry;
  held.users++;
  clearTimeout(held.disposeTimer);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (--held.users > 0) return;
    held.disposeTimer = setTimeout(() => {
      if (held.users > 0) return;
      entries.delete(key);
      held.predictor.dispose();
    }, LINGER_MS);
  };
  return { predictor: holderView(held, () => released, release), release };
}

/** One holder's view of a shared predictor: its aborts are its own. */
function holderView(entry: Entry, released: () => boolean, release: () => void): Predictor {
  const shared = entry.predictor;
  // The call goes to the shared worker without the signal, so the bridge does not stop the
  // worker on abort; the abort rejects this caller's promise, and the worker stops only if
  // this holder is alone with it (work already inside cannot be interrupted any other way).
  function call<T>(run: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return run();
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(abortError());
        const alone = entry.users === 0 || (entry.users === 1 && !released());
        if (alone) shared.dispose();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      run()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
  return {
    modelDirUrl: shared.modelDirUrl,
    get manifest() {
      return shared.manifest;
    },
    load: ({ signal } = {}) => call(() => shared.load(), signal),
    predict: (values, { signal } = {}) => call(() => shared.predict(values), signal),
    predictBatch: (rows, { signal } = {}) => call(() => shared.predictBatch(rows), signal),
    predictColumns: (columns, { signal } = {}) =>
      call(() => shared.predictColumns(columns), signal),
    onProgress: (listener) => shared.onProgress(listener),
    dispose: release,
  };
}

function abortError(): FormcastError {
  return new FormcastError(ErrorCode.Aborted, 'The operation was cancelled.');
}
