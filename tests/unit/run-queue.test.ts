import { describe, expect, it } from 'vitest';
import { createRunQueue } from '../../src/runtime/run-queue';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask and timer callback run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Jobs that record when they start and how many run at once, and finish when told to. */
function trackedJobs(count: number) {
  const started: number[] = [];
  const gates = Array.from({ length: count }, () => deferred<string>());
  let active = 0;
  let maxActive = 0;
  const job = (index: number) => async () => {
    started.push(index);
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      return await gates[index]!.promise;
    } finally {
      active--;
    }
  };
  return { started, gates, job, maxActive: () => maxActive };
}

describe('createRunQueue', () => {
  it('never runs two jobs at once', async () => {
    const enqueue = createRunQueue();
    const { gates, job, started, maxActive } = trackedJobs(3);
    const results = [0, 1, 2].map((i) => enqueue(job(i)));
    await settle();
    expect(started).toEqual([0]);
    // Finishing later jobs' gates first must not let them start early.
    gates[2]!.resolve('c');
    gates[1]!.resolve('b');
    await settle();
    expect(started).toEqual([0]);
    gates[0]!.resolve('a');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(maxActive()).toBe(1);
  });

  it('starts jobs in call order, each after the previous one finished', async () => {
    const enqueue = createRunQueue();
    const { gates, job, started } = trackedJobs(3);
    const results = [0, 1, 2].map((i) => enqueue(job(i)));
    for (const i of [0, 1, 2]) {
      await settle();
      expect(started).toEqual([0, 1, 2].slice(0, i + 1));
      gates[i]!.resolve(String(i));
    }
    expect(await Promise.all(results)).toEqual(['0', '1', '2']);
  });

  it('does not let a rejected job block the ones after it', async () => {
    const enqueue = createRunQueue();
    const { gates, job, started } = trackedJobs(3);
    const first = enqueue(job(0));
    const second = enqueue(job(1));
    const third = enqueue(job(2));
    const failure = new Error('Session already started');
    gates[0]!.reject(failure);
    await expect(first).rejects.toBe(failure);
    gates[1]!.resolve('after the failure');
    gates[2]!.resolve('still running');
    await expect(second).resolves.toBe('after the failure');
    await expect(third).resolves.toBe('still running');
    expect(started).toEqual([0, 1, 2]);
  });

  it('does not let a job that throws synchronously block the ones after it', async () => {
    const enqueue = createRunQueue();
    const failure = new Error('thrown before any await');
    const first = enqueue<string>(() => {
      throw failure;
    });
    const second = enqueue(async () => 'ran');
    await expect(first).rejects.toBe(failure);
    await expect(second).resolves.toBe('ran');
  });

  it('accepts new jobs after the queue has drained', async () => {
    const enqueue = createRunQueue();
    await enqueue(async () => 1);
    await settle();
    await expect(enqueue(async () => 2)).resolves.toBe(2);
  });

  it('keeps separate queues independent', async () => {
    const a = createRunQueue();
    const b = createRunQueue();
    const gate = deferred<string>();
    const blocked = a(() => gate.promise);
    await expect(b(async () => 'not blocked')).resolves.toBe('not blocked');
    gate.resolve('done');
    await expect(blocked).resolves.toBe('done');
  });
});
