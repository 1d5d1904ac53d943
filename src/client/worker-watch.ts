import { ErrorCode, FormcastError } from '../errors';
import type { LivenessMessage } from '../worker/protocol';

/** The part of `Worker` the page needs; tests pass a fake. */
export type WorkerLike = Pick<
  Worker,
  'addEventListener' | 'removeEventListener' | 'postMessage' | 'terminate'
>;

/** How long a new worker has to load its script and say hello, when something waits on it. */
export const HELLO_TIMEOUT_MS = 10_000;
/** How long a worker may leave pings unanswered while calls wait on it. */
export const SILENCE_TIMEOUT_MS = 5_000;

/**
 * What the page knows of one worker's life, from the moment it is created: whether its script
 * ran (it said hello), when it was last heard from, and how it failed. Created with the worker,
 * so an error it fires before anyone calls it is kept, not lost: a pre-started worker whose
 * script answered 404 used to leave the page downloading forever.
 */
export class WorkerWatch {
  readonly worker: WorkerLike;
  /** The script's address, for messages. */
  private readonly scriptUrl: string;
  private readonly createdAt = performance.now();
  private helloAt: number | undefined;
  private lastHeard = 0;
  private failure: FormcastError | undefined;
  private readonly listeners = new Set<(failure: FormcastError) => void>();
  private readonly lockRequest = new AbortController();
  private ended = false;

  constructor(worker: WorkerLike, scriptUrl = '') {
    this.worker = worker;
    this.scriptUrl = scriptUrl;
    worker.addEventListener('message', (event) => this.heard(event as MessageEvent));
    worker.addEventListener('error', (event) => this.onError(event));
    worker.addEventListener('messageerror', () =>
      this.fail(
        crashed('a message from it could not be read. It restarts on the next prediction.'),
      ),
    );
  }

  /** Whether the worker's script has run. */
  get started(): boolean {
    return this.helloAt !== undefined;
  }

  /** Calls `listener` once with the worker's failure (at once if it has already failed). */
  onFailure(listener: (failure: FormcastError) => void): () => void {
    if (this.failure) {
      const failure = this.failure;
      queueMicrotask(() => listener(failure));
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks the worker for a sign of life, and judges the last one: the failure to report when it
   * has been silent too long with `waitingSince` the time calls began to wait on it.
   */
  check(waitingSince: number): FormcastError | undefined {
    const now = performance.now();
    if (this.helloAt === undefined) {
      if (now - Math.max(this.createdAt, waitingSince) > HELLO_TIMEOUT_MS) {
        return loadFailed(this.scriptUrl, `it did not start within ${HELLO_TIMEOUT_MS / 1000} s`);
      }
      return undefined;
    }
    const say: LivenessMessage = { formcastLiveness: 'ping' };
    this.worker.postMessage(say);
    if (now - Math.max(this.lastHeard, waitingSince) > SILENCE_TIMEOUT_MS) {
      return crashed(
        `it stopped answering (nothing for ${SILENCE_TIMEOUT_MS / 1000} s). It restarts on the next prediction.`,
      );
    }
    return undefined;
  }

  /** The page stopped the worker: nothing it does from now on is a failure. */
  end(): void {
    this.ended = true;
    this.listeners.clear();
    this.lockRequest.abort();
  }

  private heard(event: MessageEvent): void {
    this.lastHeard = performance.now();
    const data = event.data as Partial<LivenessMessage> | null;
    if (data?.formcastLiveness !== 'hello' || this.helloAt !== undefined) return;
    this.helloAt = this.lastHeard;
    if ('lock' in data && data.lock) this.watchLock(data.lock);
  }

  /** The worker holds `lock` while it lives: being granted it means the worker is gone. */
  private watchLock(lock: string): void {
    navigator.locks
      .request(lock, { signal: this.lockRequest.signal }, () => {
        this.fail(
          crashed(
            'its worker ended without a word (the browser stopped it, or it closed itself). It restarts on the next prediction.',
          ),
        );
      })
      .catch(() => undefined); // aborted: the page stopped the worker itself
  }

  private onError(event: Event): void {
    // Duck-typed: ErrorEvent is absent outside browsers (Node, where the bridge is unit-tested).
    const message = (event as Partial<ErrorEvent>).message;
    // A worker whose script cannot be fetched or parsed fires a bare Event before it ever runs.
    if (!message && !this.started) {
      this.fail(loadFailed(this.scriptUrl, 'the server did not send it, or it is not valid'));
      return;
    }
    this.fail(crashed(`${message ? `${message}. ` : ''}It restarts on the next prediction.`));
  }

  private fail(failure: FormcastError): void {
    if (this.ended || this.failure) return;
    this.failure = failure;
    for (const listener of [...this.listeners]) listener(failure);
    this.listeners.clear();
  }
}

function crashed(what: string): FormcastError {
  return new FormcastError(
    ErrorCode.WorkerCrashed,
    `The prediction engine stopped unexpectedly: ${what}`,
  );
}

function loadFailed(scriptUrl: string, why: string): FormcastError {
  const where = scriptUrl ? ` (${scriptUrl})` : '';
  return new FormcastError(
    ErrorCode.RuntimeLoadFailed,
    `The prediction engine's script could not be loaded${where}: ${why}. If the site was just updated, reload the page.`,
  );
}

const watches = new WeakMap<WorkerLike, WorkerWatch>();

/** The watch of `worker`, created now if it has none yet (workers made by tests, say). */
export function watchWorker(worker: WorkerLike, scriptUrl?: string): WorkerWatch {
  let watch = watches.get(worker);
  if (!watch) {
    watch = new WorkerWatch(worker, scriptUrl);
    watches.set(worker, watch);
  }
  return watch;
}
