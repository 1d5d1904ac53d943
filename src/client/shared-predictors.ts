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
  return {
    predictor: held.predictor,
    release() {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      held.disposeTimer = setTimeout(() => {
        if (held.users > 0) return;
        entries.delete(key);
        held.predictor.dispose();
      }, LINGER_MS);
    },
  };
}
