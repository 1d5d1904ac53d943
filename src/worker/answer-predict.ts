import type { PredictAnswer, PredictorWorkerApi, PredictRequest } from './protocol';

/**
 * Answers one PredictRequest (the lean protocol for single predictions): the prediction, or the
 * error with its code and details, so the page rebuilds the same FormcastError Comlink would.
 */
export function answerPredict(
  core: Pick<PredictorWorkerApi, 'predict'>,
  request: PredictRequest,
  post: (answer: PredictAnswer) => void,
): void {
  const { call } = request;
  core.predict(request.values).then(
    (prediction) => post({ type: 'formcast-predicted', call, prediction }),
    (thrown: unknown) => {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      const { code, details } = error as Error & { code?: unknown; details?: unknown };
      post({
        type: 'formcast-predicted',
        call,
        error: {
          name: error.name,
          message: error.message,
          code: typeof code === 'string' ? code : undefined,
          details,
        },
      });
    },
  );
}
