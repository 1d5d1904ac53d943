import { type Endpoint, expose } from 'comlink';
import './comlink-errors';
import { provideRuntime } from '../runtime/runtime-loader';
import { answerPredict } from './answer-predict';
import type { PredictorWorkerApi, PredictRequest, RuntimeMessage } from './protocol';

/**
 * Serves `core` to the page on `endpoint` (the worker's global scope; a MessagePort in tests):
 * everything through Comlink, except two messages Comlink ignores (they have no Comlink type):
 * the runtime the page sends right after starting the worker, and single predictions.
 */
export function serveWorker(core: PredictorWorkerApi, endpoint: Endpoint): void {
  endpoint.addEventListener('message', (event) => {
    const data = (event as MessageEvent<Partial<RuntimeMessage | PredictRequest> | null>).data;
    if (data?.type === 'formcast-predict') {
      answerPredict(core, data as PredictRequest, (answer) => endpoint.postMessage(answer));
    } else if (data?.type === 'formcast-runtime') {
      const { module, reason, url } = data as RuntimeMessage;
      provideRuntime(
        module ? { module, url } : { reason: reason ?? 'the page sent no compiled runtime', url },
      );
    }
  });
  expose(core, endpoint);
}
