import { type Remote, releaseProxy, wrap } from 'comlink';
import { ErrorCode, FormcastError, toFormcastError } from '../errors';
import '../worker/comlink-errors';
import { watchWorker, type WorkerLike, type WorkerWatch } from './worker-watch';

/** How often a worker that calls wait on is asked for a sign of life. */
const PING_INTERVAL_MS = 1000;

export type { WorkerLike } from './worker-watch';

interface Running<Api> {
  readonly worker: WorkerLike;
  readonly watch: WorkerWatch;
  readonly api: Remote<Api>;
  /** Settles when `init` finished on this worker; rejects if it failed or the worker died. */
  readonly ready: Promise<void>;
  /** Never resolves; rejects when the worker dies or is stopped (what `ready` races). */
  readonly crashed: Promise<never>;
  readonly fail: (error: FormcastError) => void;
  /**
   * The calls in flight, each by the function that fails it. Each call races a promise of its
   * own rather than `crashed`: a race adds a reaction to every promise it is given, and on a
   * promise that never settles those reactions (and through them every answer ever returned,
   * a batch's scored parts included) stayed reachable until the worker died.
   */
  readonly inFlight: Set<(error: FormcastError) => void>;
  /** Why the worker was stopped, once it was. */
  failure: FormcastError | undefined;
  stopped: boolean;
  /** Calls waiting on this worker (its init included), and since when some have been. */
  waiting: number;
  waitingSince: number;
  heartbeat: ReturnType<typeof setInterval> | undefined;
}

/**
 * Owns one worker on the main thread: starts it on first use, runs `init` on every new worker
 * (load the model), and when the worker dies or an init fails, fails the calls in flight with a
 * typed error and starts afresh on the next call. A death is detected, not waited for: an error
 * event (RUNTIME_LOAD_FAILED when the script never ran, else WORKER_CRASHED), the end of a worker
 * that fired none (`self.close()`, seen through its Web Lock), or, while calls wait, a worker
 * that leaves pings unanswered for 5 s (see worker-watch.ts).
 */
export class WorkerBridge<Api> {
  private running: Running<Api> | undefined;
  private readonly createWorker: () => WorkerLike;
  private readonly init: (api: Remote<Api>) => Promise<void>;

  constructor(createWorker: () => WorkerLike, init: (api: Remote<Api>) => Promise<void>) {
    this.createWorker = createWorker;
    this.init = init;
  }

  /** True while a worker exists (started, not crashed, not terminated). */
  get started(): boolean {
    return this.running !== undefined;
  }

  /**
   * Runs `job` against the worker (its Comlink proxy, or the worker itself for messages outside
   * Comlink) once it is initialised. An abort rejects with ABORTED and
   * terminates the worker, since work inside it cannot be interrupted any other way.
   */
  async call<R>(
    job: (api: Remote<Api>, worker: WorkerLike) => Promise<R>,
    signal?: AbortSignal,
  ): Promise<R> {
    if (signal?.aborted) throw abortError();
    let running: Running<Api>;
    try {
      running = this.running ?? this.start();
    } catch (error) {
      throw new FormcastError(
        ErrorCode.WorkerCrashed,
        `The prediction engine could not start: ${error instanceof Error ? error.message : String(error)}`,
        {},
        { cause: error },
      );
    }
    this.waitOn(running, +1);
    const work = running.ready.then(() => job(running.api, running.worker));
    let failCall: (error: FormcastError) => void = () => {};
    const failed = new Promise<never>((_, reject) => (failCall = reject));
    if (running.failure) failCall(running.failure);
    else running.inFlight.add(failCall);
    const contenders: Promise<R>[] = [work, failed];
    let onAbort: (() => void) | undefined;
    if (signal) {
      contenders.push(
        new Promise<never>((_, reject) => {
          onAbort = () => {
            reject(abortError());
            this.stop(running, stoppedError('a call was cancelled'));
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    try {
      return await Promise.race(contenders);
    } catch (error) {
      throw toFormcastError(error, ErrorCode.InferenceFailed);
    } finally {
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
      running.inFlight.delete(failCall);
      this.waitOn(running, -1);
    }
  }

  /** Stops the worker now, failing the calls on it with ABORTED; the next call starts a new one. */
  terminate(): void {
    if (this.running) this.stop(this.running, stoppedError('the predictor was disposed'));
  }

  private start(): Running<Api> {
    const worker = this.createWorker();
    // Usually watched since its creation (worker-factory.ts), so an early failure is not lost.
    const watch = watchWorker(worker);
    const api = wrap<Api>(worker as Worker);
    let fail: (error: FormcastError) => void = () => {};
    const crashed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    crashed.catch(() => undefined);
    const ready = Promise.race([this.init(api), crashed]);
    const running: Running<Api> = {
      worker,
      watch,
      api,
      ready,
      crashed,
      fail,
      inFlight: new Set(),
      failure: undefined,
      stopped: false,
      waiting: 0,
      waitingSince: 0,
      heartbeat: undefined,
    };
    watch.onFailure((failure) => this.stop(running, failure));
    // A worker whose model failed to load is useless: drop it so the next call retries cleanly.
    ready.catch((error: unknown) =>
      this.stop(running, toFormcastError(error, ErrorCode.InferenceFailed)),
    );
    this.running = running;
    return running;
  }

  /**
   * Counts a call that starts (+1) or ends (-1) waiting on `running`; pings while any wait. The
   * ping timer outlives a call by up to one interval and stops at the first tick with nothing
   * waiting: keystrokes' predictions, back to back, then share one timer instead of starting
   * and clearing one each (a measurable share of a single prediction's time on the page).
   */
  private waitOn(running: Running<Api>, change: 1 | -1): void {
    running.waiting += change;
    if (change === -1 || running.waiting !== 1 || running.stopped) return;
    running.waitingSince = performance.now();
    running.heartbeat ??= setInterval(() => {
      if (running.waiting === 0) {
        clearInterval(running.heartbeat);
        running.heartbeat = undefined;
        return;
      }
      const failure = running.watch.check(running.waitingSince);
      if (failure) this.stop(running, failure);
    }, PING_INTERVAL_MS);
  }

  /** Terminates a worker and fails whatever still waits on it with `reason`. Idempotent. */
  private stop(running: Running<Api>, reason: FormcastError): void {
    if (this.running === running) this.running = undefined;
    if (running.stopped) return;
    running.stopped = true;
    running.failure = reason;
    clearInterval(running.heartbeat);
    running.heartbeat = undefined;
    running.watch.end();
    running.fail(reason);
    for (const failCall of running.inFlight) failCall(reason);
    running.inFlight.clear();
    running.api[releaseProxy]();
    running.worker.terminate();
  }
}

function stoppedError(why: string): FormcastError {
  return new FormcastError(
    ErrorCode.Aborted,
    `The prediction engine was stopped before this call finished (${why}).`,
  );
}

function abortError(): FormcastError {
  return new FormcastError(ErrorCode.Aborted, 'The operation was cancelled.');
}
