import { ErrorCode, toFormcastError } from '../errors';
import type { RawValues } from '../inputs/validate-inputs';
import type { Prediction } from '../runtime/answers';
import type { PredictAnswer, PredictRequest } from '../worker/protocol';
import type { WorkerLike } from './worker-bridge';

/** Single predictions to one worker, by the lean protocol of worker/protocol.ts. */
export interface PredictChannel {
  predict(values: RawValues): Promise<Prediction>;
}

const channels = new WeakMap<WorkerLike, PredictChannel>();

/**
 * The worker's predict channel: one message listener per worker, answers paired with their calls.
 * A worker that dies leaves its pending calls to the bridge, which fails them (worker-bridge.ts);
 * the channel goes with the worker.
 */
export function predictChannel(worker: WorkerLike): PredictChannel {
  let channel = channels.get(worker);
  if (channel) return channel;
  const pending = new Map<
    number,
    { resolve: (p: Prediction) => void; reject: (e: unknown) => void }
  >();
  let calls = 0;
  worker.addEventListener('message', (event: Event) => {
    const answer = (event as MessageEvent<Partial<PredictAnswer> | null>).data;
    if (answer?.type !== 'formcast-predicted' || answer.call === undefined) return;
    const waiting = pending.get(answer.call);
    if (!waiting) return;
    pending.delete(answer.call);
    if (answer.prediction) waiting.resolve(answer.prediction);
    else {
      const error = Object.assign(new Error(answer.error?.message ?? 'The prediction failed.'), {
        name: answer.error?.name ?? 'Error',
        code: answer.error?.code,
        details: answer.error?.details,
      });
      waiting.reject(toFormcastError(error, ErrorCode.InferenceFailed));
    }
  });
  channel = {
    predict(values) {
      const call = ++calls;
      return new Promise<Prediction>((resolve, reject) => {
        pending.set(call, { resolve, reject });
        worker.postMessage({ type: 'formcast-predict', call, values } satisfies PredictRequest);
      });
    },
  };
  channels.set(worker, channel);
  return channel;
}
