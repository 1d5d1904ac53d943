import { ErrorCode, FormcastError } from '../errors';
import { type RawValues, validateInputs } from '../inputs/validate-inputs';
import type { ModelManifest } from '../manifest/manifest-types';
import { buildColumns } from './feeds';
import { type LoadedModel, loadModel } from './model-loader';
import type { ClassProbability, LoadProgress, Prediction, PredictorWorkerApi } from './protocol';
import { createRunQueue } from './run-queue';

/**
 * The worker's behaviour, independent of how it is exposed: load once, then validate → feed →
 * run → read, one session run at a time.
 */
export function createPredictorCore(): PredictorWorkerApi {
  const enqueue = createRunQueue();
  let loading: Promise<LoadedModel> | undefined;
  let loadedFrom: string | undefined;

  async function loaded(): Promise<LoadedModel> {
    if (!loading) {
      throw new FormcastError(
        ErrorCode.InferenceFailed,
        'No model is loaded yet: call load() before predict().',
      );
    }
    return loading;
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
      loading = loadModel(request.modelDirUrl, onProgress);
      // A failed load must not poison the worker: the next call may try again.
      loading.catch(() => {
        loading = undefined;
        loadedFrom = undefined;
      });
      return (await loading).manifest;
    },

    async predict(values: RawValues): Promise<Prediction> {
      const { manifest, session } = await loaded();
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
      const feeds = buildColumns(manifest.inputs, [checked.values]);
      const { label: labelSpec, probabilities: probSpec, classes } = manifest.outputs;
      const outputs = await enqueue(() =>
        session.run(feeds, [labelSpec.name, probSpec.name]),
      ).catch((error: unknown) => {
        throw new FormcastError(
          ErrorCode.InferenceFailed,
          `The model failed to run: ${error instanceof Error ? error.message : String(error)}`,
          {},
          { cause: error },
        );
      });
      const labelOut = outputs[labelSpec.name];
      const probOut = outputs[probSpec.name];
      if (!labelOut || !probOut || probOut.dims[probOut.dims.length - 1] !== classes.length) {
        throw new FormcastError(
          ErrorCode.InferenceFailed,
          `The model returned ${probOut ? `probabilities shaped [${probOut.dims.join(', ')}]` : 'no probabilities'} where the manifest expects ${classes.length} classes.`,
        );
      }
      const probabilities: Record<string, number> = {};
      const ranked: ClassProbability[] = classes.map((label, i) => {
        const probability = Number(probOut.data[i]);
        probabilities[label] = probability;
        return { label, probability };
      });
      ranked.sort((a, b) => b.probability - a.probability);
      return {
        label: String(labelOut.data[0]),
        probabilities,
        ranked,
        inputs: checked.values,
        warnings: checked.warnings,
        modelId: manifest.id,
        modelVersion: manifest.version,
      };
    },
  };
}
