import { ErrorCode, FormcastError } from '../errors';
import { type RawValues, validateInputs } from '../inputs/validate-inputs';
import { isRegression, type ModelManifest } from '../manifest/manifest-types';
import type { ClassProbability, Prediction } from '../runtime/answers';
import type { LoadProgress } from '../runtime/load-progress';
import { type LoadedModel, loadModel } from '../runtime/model-loader';
import { predictRows } from '../runtime/predict-rows';
import { rowAnswer } from '../runtime/read-answers';
import { createRunQueue } from '../runtime/run-queue';
import {
  createColumnRunner,
  createRowRunner,
  type RunColumns,
  type RunRows,
} from '../runtime/run-rows';
import type { PartScorer } from '../batch/score-in-parts';
import type { PredictorWorkerApi } from './protocol';
import { own } from '../manifest/records';

/** A loaded model and its runners, for single rows and for batches laid out by column. */
type Runnable = LoadedModel & { readonly run: RunRows; readonly runColumns: RunColumns };

/**
 * The worker's behaviour, independent of how it is exposed: load once, then validate → feed →
 * run → read, one session run at a time.
 */
export function createPredictorCore(): PredictorWorkerApi {
  const enqueue = createRunQueue();
  let loading: Promise<Runnable> | undefined;
  let loadedFrom: string | undefined;

  async function loaded(): Promise<Runnable> {
    if (!loading) {
      throw new FormcastError(
        ErrorCode.InferenceFailed,
        'No model is loaded yet: call load() before predict().',
      );
    }
    return loading;
  }

  let parts: Promise<PartScorer> | undefined;
  function partScorer(): Promise<PartScorer> {
    parts ??= (async () => {
      const { manifest, runColumns } = await loaded();
      const { createPartScorer } = await import('../batch/score-part');
      return createPartScorer(manifest, runColumns);
    })();
    return parts;
  }

  return {
    async load(request, onProgress?: (progress: LoadProgress) => void): Promise<ModelManifest> {
      if (loading && loadedFrom === request.modelDirUrl) return (await loading).manifest;
      if (loading) {
        throw new FormcastError(
          ErrorCode.InferenceFailed,
          `This worker already serves ${loadedFrom}; start another predictor for ${request.modelDirUrl}.`,
        );
      }
      loadedFrom = request.modelDirUrl;
      loading = loadModel(request.modelDirUrl, request.manifest, onProgress).then((model) => ({
        ...model,
        run: createRowRunner(model.manifest, model.session, enqueue),
        runColumns: createColumnRunner(model.manifest, model.session, enqueue),
      }));
      // A failed load must not poison the worker: the next call may try again.
      loading.catch(() => {
        loading = undefined;
        loadedFrom = undefined;
      });
      return (await loading).manifest;
    },

    async predict(values: RawValues): Promise<Prediction> {
      const { manifest, run } = await loaded();
      const checked = validateInputs(manifest.inputs, values);
      if (!checked.ok) {
        throw new FormcastError(
          ErrorCode.InputInvalid,
          checked.issues.map((i) => i.message).join('; '),
          {
            issues: checked.issues,
          },
        );
      }
      const output = await run([checked.values]);
      const base = {
        inputs: checked.values,
        warnings: checked.warnings,
        modelId: manifest.id,
        modelVersion: manifest.version,
      };
      if (isRegression(manifest)) {
        return { task: 'regression', ...rowAnswer(manifest, output, 0), ...base };
      }
      const answer = rowAnswer(manifest, output, 0);
      const ranked: ClassProbability[] = manifest.outputs.classes.map((label) => ({
        label,
        probability: own(answer.probabilities, label)!,
      }));
      ranked.sort((a, b) => b.probability - a.probability);
      return { task: manifest.task, ...answer, ranked, ...base };
    },

    async predictBatch(rows) {
      const { manifest, run } = await loaded();
      return predictRows(manifest, rows, run);
    },

    async predictColumns(columns) {
      const { manifest, runColumns } = await loaded();
      // Fetched with the first what-if update, not on every visit (the first-visit budget).
      const { checkColumns } = await import('../runtime/check-columns');
      checkColumns(manifest.inputs, columns);
      return runColumns(columns);
    },

    async inspectCsv(head, source) {
      return (await partScorer()).inspectCsv(head, source);
    },

    async scoreCsvPart(part, layout, source) {
      return (await partScorer()).scoreCsvPart(part, layout, source);
    },
  };
}
