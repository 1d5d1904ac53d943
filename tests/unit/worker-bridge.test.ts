import * as Comlink from 'comlink';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkerBridge, type WorkerLike } from '../../src/client/worker-bridge';
import { HELLO_TIMEOUT_MS, watchWorker } from '../../src/client/worker-watch';
import { ErrorCode, FormcastError } from '../../src/errors';

// The bridge tells crashes apart with `instanceof ErrorEvent`, which browsers always have and
// Node 20 lacks; a minimal stand-in keeps that check meaningful here.
class TestErrorEvent extends Event {
  readonly message: string;
  constructor(type: string, init: { message?: string } = {}) {
    super(type);
    this.message = init.message ?? '';
  }
}

beforeAll(() => {
  if (typeof globalThis.ErrorEvent === 'undefined') vi.stubGlobal('ErrorEvent', TestErrorEvent);
});

/** What the fake worker exposes, in the shape of the real predictor API. */
interface FakeApi {
  load(): Promise<number>;
  echo(value: string): Promise<string>;
  whichWorker(): Promise<number>;
  failWith(code: ErrorCode, message: string): Promise<never>;
  failPlain(message: string): Promise<never>;
  hang(): Promise<never>;
}

interface FakeOptions {
  /** Makes `load` (what `init` calls) throw this. */
  readonly loadError?: Error;
  /** Makes `load` never finish. */
  readonly loadHangs?: boolean;
  /** Its script never runs: no hello, no answers (a script still downloading, or stuck). */
  readonly silent?: boolean;
}

function fakeApi(workerNumber: number, options: FakeOptions): FakeApi {
  return {
    async load() {
      if (options.loadError) throw options.loadError;
      if (options.loadHangs) await new Promise<never>(() => {});
      return workerNumber;
    },
    async echo(value) {
      return value;
    },
    async whichWorker() {
      return workerNumber;
    },
    async failWith(code, message) {
      throw new FormcastError(code, message, {
        issues: [{ field: 'Age', code: 'missing', message: 'Age: missing' }],
      });
    },
    async failPlain(message) {
      throw new Error(message);
    },
    hang() {
      return new Promise<never>(() => {});
    },
  };
}

type Listener = EventListenerOrEventListenerObject;

/**
 * A Worker stand-in: Comlink talks through a MessageChannel; errors are dispatched by hand. Like
 * the real worker (src/worker/liveness.ts) it says hello when its "script" runs and answers pings
 * until it is made to hang.
 */
class FakeWorker implements WorkerLike {
  terminated = false;
  /** Stops answering: as a worker stuck in a loop. */
  hung = false;
  private readonly channel = new MessageChannel();
  private readonly own = new Map<string, Set<Listener>>([
    ['error', new Set()],
    ['messageerror', new Set()],
  ]);

  constructor(api: FakeApi, options: FakeOptions = {}) {
    this.channel.port1.start();
    if (options.silent) return;
    Comlink.expose(api, this.channel.port2);
    this.channel.port2.addEventListener('message', (event: MessageEvent) => {
      if (event.data?.formcastLiveness === 'ping' && !this.hung)
        this.channel.port2.postMessage({ formcastLiveness: 'pong' });
    });
    this.channel.port2.postMessage({ formcastLiveness: 'hello' });
  }

  postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    // Two branches only so TypeScript can pick postMessage's overload for each argument type.
    if (Array.isArray(transfer)) this.channel.port1.postMessage(message, transfer);
    else this.channel.port1.postMessage(message, transfer);
  }

  addEventListener(
    type: string,
    listener: Listener | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (!listener) return;
    const own = this.own.get(type);
    if (own) own.add(listener);
    else this.channel.port1.addEventListener(type, listener, options);
  }

  removeEventListener(
    type: string,
    listener: Listener | null,
    options?: boolean | EventListenerOptions,
  ): void {
    if (!listener) return;
    const own = this.own.get(type);
    if (own) own.delete(listener);
    else this.channel.port1.removeEventListener(type, listener, options);
  }

  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }

  /** What the browser does when the worker's script throws or it runs out of memory. */
  crash(message = 'RangeError: Out of memory'): void {
    this.dispatch(new ErrorEvent('error', { message }));
  }

  /** What the browser does when a message from the worker cannot be deserialised. */
  failMessage(): void {
    this.dispatch(new Event('messageerror'));
  }

  /** What the browser does when the worker's script cannot be fetched (404) or parsed. */
  failToLoad(): void {
    this.dispatch(new Event('error'));
  }

  private dispatch(event: Event): void {
    for (const listener of [...this.own.get(event.type)!]) {
      if (typeof listener === 'function') listener.call(this, event);
      else listener.handleEvent(event);
    }
  }
}

const bridges: WorkerBridge<FakeApi>[] = [];

afterEach(() => {
  for (const bridge of bridges.splice(0)) bridge.terminate();
});

/** A bridge over fake workers; `options(n)` configures the n-th worker (1-based). */
function setup(options: (workerNumber: number) => FakeOptions = () => ({})) {
  const workers: FakeWorker[] = [];
  const createWorker = vi.fn((): WorkerLike => {
    const n = workers.length + 1;
    const worker = new FakeWorker(fakeApi(n, options(n)), options(n));
    workers.push(worker);
    return worker;
  });
  const init = vi.fn(async (api: Comlink.Remote<FakeApi>) => {
    await api.load();
  });
  const bridge = new WorkerBridge<FakeApi>(createWorker, init);
  bridges.push(bridge);
  return { bridge, createWorker, init, workers };
}

/** Lets queued messages, microtasks and timers run. */
const settle = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function rejection(promise: Promise<unknown>): Promise<FormcastError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FormcastError);
    return error as FormcastError;
  }
  throw new Error('Expected the call to reject');
}

/** How a promise ended within `ms`, or 'pending' if it had not. */
async function outcomeWithin(promise: Promise<unknown>, ms: number): Promise<string> {
  const timeout = settle(ms).then(() => 'pending');
  const outcome = promise.then(
    () => 'resolved',
    (error: unknown) =>
      error instanceof FormcastError ? `rejected ${error.code}` : `rejected ${String(error)}`,
  );
  return Promise.race([outcome, timeout]);
}

describe('WorkerBridge', () => {
  it('starts no worker until the first call', async () => {
    const { bridge, createWorker, init } = setup();
    await settle();
    expect(createWorker).not.toHaveBeenCalled();
    expect(bridge.started).toBe(false);
    await expect(bridge.call((api) => api.echo('hello'))).resolves.toBe('hello');
    expect(createWorker).toHaveBeenCalledTimes(1);
    expect(init).toHaveBeenCalledTimes(1);
    expect(bridge.started).toBe(true);
  });

  it('runs init once per worker, before any job', async () => {
    const { bridge, createWorker, init } = setup();
    const order: string[] = [];
    init.mockImplementation(async (api) => {
      order.push('init');
      await api.load();
      order.push('init done');
    });
    const results = await Promise.all(
      ['a', 'b', 'c'].map((v) =>
        bridge.call(async (api) => {
          order.push(`job ${v}`);
          return api.echo(v);
        }),
      ),
    );
    expect(results).toEqual(['a', 'b', 'c']);
    await bridge.call((api) => api.echo('d'));
    expect(createWorker).toHaveBeenCalledTimes(1);
    expect(init).toHaveBeenCalledTimes(1);
    expect(order.slice(0, 2)).toEqual(['init', 'init done']);
  });

  it('passes a FormcastError thrown in the worker through with its code and details', async () => {
    const { bridge } = setup();
    const error = await rejection(
      bridge.call((api) => api.failWith(ErrorCode.InputInvalid, 'Age: missing')),
    );
    expect(error.code).toBe(ErrorCode.InputInvalid);
    expect(error.message).toBe('Age: missing');
    expect(error.details).toEqual({
      issues: [{ field: 'Age', code: 'missing', message: 'Age: missing' }],
    });
  });

  it('reports a plain Error thrown in the worker as INFERENCE_FAILED, keeping its message', async () => {
    const { bridge } = setup();
    const error = await rejection(bridge.call((api) => api.failPlain('bad tensor shape')));
    expect(error.code).toBe(ErrorCode.InferenceFailed);
    expect(error.message).toBe('bad tensor shape');
  });

  it('keeps the worker after a job fails: only crashes and init failures replace it', async () => {
    const { bridge, createWorker } = setup();
    await rejection(bridge.call((api) => api.failPlain('one bad row')));
    await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(1);
    expect(createWorker).toHaveBeenCalledTimes(1);
  });

  it('rejects an in-flight call with WORKER_CRASHED when the worker crashes', async () => {
    const { bridge, workers } = setup();
    const call = bridge.call((api) => api.hang());
    await settle();
    workers[0]!.crash('RangeError: Out of memory');
    const error = await rejection(call);
    expect(error.code).toBe(ErrorCode.WorkerCrashed);
    expect(error.message).toContain('Out of memory');
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.started).toBe(false);
  });

  it('starts a new worker and runs init again on the call after a crash', async () => {
    const { bridge, createWorker, init, workers } = setup();
    await bridge.call((api) => api.echo('warm up'));
    workers[0]!.crash();
    await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(2);
    expect(createWorker).toHaveBeenCalledTimes(2);
    expect(init).toHaveBeenCalledTimes(2);
  });

  it('treats a messageerror as a crash', async () => {
    const { bridge, workers } = setup();
    const call = bridge.call((api) => api.hang());
    await settle();
    workers[0]!.failMessage();
    expect((await rejection(call)).code).toBe(ErrorCode.WorkerCrashed);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('rejects with WORKER_CRASHED when the worker crashes during init', async () => {
    const { bridge, workers } = setup((n) => ({ loadHangs: n === 1 }));
    const call = bridge.call((api) => api.echo('never runs'));
    await settle();
    workers[0]!.crash();
    expect((await rejection(call)).code).toBe(ErrorCode.WorkerCrashed);
    await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(2);
  });

  it('rejects the call when init fails, with the error init threw', async () => {
    const loadError = new FormcastError(ErrorCode.ModelFetchFailed, 'model.onnx: HTTP 404');
    const { bridge, workers } = setup((n) => (n === 1 ? { loadError } : {}));
    const job = vi.fn((api: Comlink.Remote<FakeApi>) => api.echo('never runs'));
    const error = await rejection(bridge.call(job));
    expect(error.code).toBe(ErrorCode.ModelFetchFailed);
    expect(error.message).toBe('model.onnx: HTTP 404');
    expect(job).not.toHaveBeenCalled();
    expect(workers[0]!.terminated).toBe(true);
  });

  it('retries with a fresh worker on the call after an init failure', async () => {
    const loadError = new FormcastError(ErrorCode.ModelFetchFailed, 'offline');
    const { bridge, createWorker, init } = setup((n) => (n === 1 ? { loadError } : {}));
    await rejection(bridge.call((api) => api.echo('x')));
    await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(2);
    expect(createWorker).toHaveBeenCalledTimes(2);
    expect(init).toHaveBeenCalledTimes(2);
  });

  it('reports a worker that cannot be created as WORKER_CRASHED and tries again next time', async () => {
    const { bridge, createWorker } = setup();
    const real = createWorker.getMockImplementation()!;
    createWorker.mockImplementationOnce(() => {
      throw new Error('Module workers are not supported');
    });
    const error = await rejection(bridge.call((api) => api.echo('x')));
    expect(error.code).toBe(ErrorCode.WorkerCrashed);
    expect(error.message).toContain('Module workers are not supported');
    createWorker.mockImplementation(real);
    await expect(bridge.call((api) => api.echo('y'))).resolves.toBe('y');
  });

  it('rejects with ABORTED and terminates the worker when the signal aborts', async () => {
    const { bridge, workers } = setup();
    const controller = new AbortController();
    const call = bridge.call((api) => api.hang(), controller.signal);
    await settle();
    controller.abort();
    expect((await rejection(call)).code).toBe(ErrorCode.Aborted);
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.started).toBe(false);
  });

  it('rejects at once, starting no worker, when the signal is already aborted', async () => {
    const { bridge, createWorker } = setup();
    const job = vi.fn((api: Comlink.Remote<FakeApi>) => api.echo('x'));
    const error = await rejection(bridge.call(job, AbortSignal.abort()));
    expect(error.code).toBe(ErrorCode.Aborted);
    expect(job).not.toHaveBeenCalled();
    expect(createWorker).not.toHaveBeenCalled();
  });

  it('leaves the worker alone when the signal aborts after the call finished', async () => {
    const { bridge, workers } = setup();
    const controller = new AbortController();
    await expect(bridge.call((api) => api.echo('done'), controller.signal)).resolves.toBe('done');
    controller.abort();
    expect(workers[0]!.terminated).toBe(false);
    await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(1);
  });

  it('starts a new worker on the call after terminate()', async () => {
    const { bridge, createWorker, init, workers } = setup();
    await bridge.call((api) => api.echo('first'));
    bridge.terminate();
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.started).toBe(false);
    await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(2);
    expect(createWorker).toHaveBeenCalledTimes(2);
    expect(init).toHaveBeenCalledTimes(2);
  });

  it('does nothing on terminate() before any worker started', () => {
    const { bridge, createWorker } = setup();
    expect(() => bridge.terminate()).not.toThrow();
    expect(createWorker).not.toHaveBeenCalled();
  });

  // A stopped worker never answers, so every call still waiting on it must be failed by the
  // bridge; otherwise `await predictor.predict()` hangs forever after dispose() or an abort.
  it('settles a call in flight when terminate() stops its worker', async () => {
    const { bridge } = setup();
    const call = bridge.call((api) => api.hang());
    await settle();
    bridge.terminate();
    expect(await outcomeWithin(call, 200)).toMatch(/^rejected [A-Z_]+$/);
  });

  it('settles other calls on the same worker when one call is aborted', async () => {
    const { bridge } = setup();
    const controller = new AbortController();
    const other = bridge.call((api) => api.hang());
    const aborted = bridge.call((api) => api.hang(), controller.signal);
    await settle();
    controller.abort();
    expect((await rejection(aborted)).code).toBe(ErrorCode.Aborted);
    expect(await outcomeWithin(other, 200)).toMatch(/^rejected [A-Z_]+$/);
  });

  it('keeps no answer reachable once its call has returned', async () => {
    // A page predicts on every keystroke and scores batch after batch on the same worker: what a
    // call returned must be collectable when the caller drops it, not held until the worker dies.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { bridge } = setup();
    await bridge.call((api) => api.echo('warm up'));
    let answer: WeakRef<Float64Array> | undefined;
    await (async () => {
      const scores = await bridge.call(async () => new Float64Array(1000));
      answer = new WeakRef(scores);
    })();
    for (let i = 0; i < 3; i++) {
      await settle();
      gc();
    }
    expect(answer?.deref()).toBeUndefined();
    await expect(bridge.call((api) => api.echo('still serving'))).resolves.toBe('still serving');
  });

  it('keeps pinging through back-to-back calls and fails one that hangs among them', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    try {
      const { bridge, workers } = setup();
      for (let i = 0; i < 5; i++) await bridge.call((api) => api.echo(`keystroke ${i}`));
      const failure = rejection(bridge.call((api) => api.hang()));
      workers[0]!.hung = true;
      for (let s = 0; s < 7; s++) await vi.advanceTimersByTimeAsync(1000);
      expect((await failure).code).toBe(ErrorCode.WorkerCrashed);
    } finally {
      vi.useRealTimers();
    }
  });

  describe('faults are detected, not waited for', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reports a worker whose script could not be loaded as RUNTIME_LOAD_FAILED', async () => {
      const { bridge, workers } = setup((n) => ({ silent: n === 1 }));
      const call = bridge.call((api) => api.echo('x'));
      await settle();
      workers[0]!.failToLoad();
      const error = await rejection(call);
      expect(error.code).toBe(ErrorCode.RuntimeLoadFailed);
      expect(error.message).toContain("The prediction engine's script could not be loaded");
      expect(error.message).not.toContain('stopped');
      await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(2);
    });

    it('keeps an error fired before the worker was used (a pre-started worker)', async () => {
      const early = new FakeWorker(fakeApi(1, { silent: true }), { silent: true });
      watchWorker(early, 'https://example.org/assets/predictor.worker-old.js');
      early.failToLoad(); // nobody calls it yet: the page is still rendering
      const bridge = new WorkerBridge<FakeApi>(
        () => early,
        async (api) => void (await api.load()),
      );
      bridges.push(bridge);
      const error = await rejection(bridge.call((api) => api.echo('x')));
      expect(error.code).toBe(ErrorCode.RuntimeLoadFailed);
      expect(error.message).toContain('predictor.worker-old.js');
      expect(early.terminated).toBe(true);
    });

    it('gives up on a worker whose script never starts, after 10 s', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
      const { bridge } = setup(() => ({ silent: true }));
      const call = bridge.call((api) => api.echo('x'));
      await vi.advanceTimersByTimeAsync(HELLO_TIMEOUT_MS - 1000);
      expect(await outcomeWithin(call, 20)).toBe('pending');
      await vi.advanceTimersByTimeAsync(2000);
      const error = await rejection(call);
      expect(error.code).toBe(ErrorCode.RuntimeLoadFailed);
      expect(error.message).toContain('did not start within 10 s');
    });

    it('reports a worker that stops answering as WORKER_CRASHED within 6 s', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
      const { bridge, workers } = setup();
      await bridge.call((api) => api.echo('warm up'));
      const call = bridge.call((api) => api.hang());
      workers[0]!.hung = true;
      for (let s = 0; s < 4; s++) await vi.advanceTimersByTimeAsync(1000);
      expect(await outcomeWithin(call, 20)).toBe('pending');
      for (let s = 0; s < 2; s++) await vi.advanceTimersByTimeAsync(1000);
      const error = await rejection(call);
      expect(error.code).toBe(ErrorCode.WorkerCrashed);
      expect(error.message).toContain('stopped answering');
      expect(workers[0]!.terminated).toBe(true);
    });

    it('lets a slow call run as long as the worker answers pings', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
      const { bridge } = setup();
      const call = bridge.call((api) => api.hang());
      for (let s = 0; s < 20; s++) await vi.advanceTimersByTimeAsync(1000);
      expect(await outcomeWithin(call, 20)).toBe('pending');
    });

    it('does not count time the worker sat idle against it', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
      const { bridge, workers } = setup();
      await bridge.call((api) => api.echo('warm up'));
      vi.advanceTimersByTime(60_000); // a minute with nothing to do: no pings, nothing heard
      await expect(bridge.call((api) => api.whichWorker())).resolves.toBe(1);
      expect(workers[0]!.terminated).toBe(false);
    });
  });
});
