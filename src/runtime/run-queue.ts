/**
 * Runs async jobs one at a time, in call order. onnxruntime-web rejects overlapping runs on one
 * session ("Session already started"), and a failed job must not block the ones after it.
 */
export function createRunQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const result = tail.then(job);
    tail = result.catch(() => undefined);
    return result;
  };
}
