import { ErrorCode, FormcastError } from '../errors';
import type { ModelManifest } from '../manifest/manifest-types';
import { fetchWithProgress } from './fetch-with-progress';
import { createModelSession, type ModelSession } from './onnx-session';
import type { ByteProgress, LoadProgress, StartupTimings } from './load-progress';
import { loadRuntime } from './runtime-loader';
import { sha256Hex } from './sha256';
import { checkSignature } from './signature';

export interface LoadedModel {
  readonly manifest: ModelManifest;
  readonly session: ModelSession;
}

const PROGRESS_INTERVAL_MS = 50;

/** `t` on this worker's clock as ms since the Unix epoch, comparable with the page's clock. */
const epoch = (t: number): number => performance.timeOrigin + t;

/**
 * Loads the model of a directory whose manifest the page validated (client/load-manifest.ts):
 * model bytes → sha256 check → session → signature check. The runtime (started when the worker
 * started, see runtime-loader.ts) initialises in parallel with the model's download.
 */
export async function loadModel(
  modelDirUrl: string,
  manifest: ModelManifest,
  onProgress: (progress: LoadProgress) => void = () => {},
): Promise<LoadedModel> {
  const timings: { -readonly [K in keyof StartupTimings]: StartupTimings[K] } = {
    workerCreated: performance.timeOrigin,
  };
  let runtime: ByteProgress = { loaded: 0, total: null };
  let model: ByteProgress = { loaded: 0, total: null };
  let lastSent = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    onProgress({ phase: 'downloading', runtime, model });
  };

  const runtimeLoad = loadRuntime();
  runtime = runtimeLoad.progress();
  const stopListening = runtimeLoad.onProgress((p) => {
    runtime = p;
    report();
  });

  // The numeric variant when there is one: the same model without string tensors (faster runs).
  const artifact = manifest.model.numeric ?? manifest.model;
  const modelUrl = new URL(artifact.file, modelDirUrl).href;
  // The manifest knows the file's size: a compressed response says nothing usable.
  model = { loaded: 0, total: artifact.bytes };
  const modelBytes = await fetchWithProgress(modelUrl, (p) => {
    model = { loaded: p.loaded, total: p.total ?? artifact.bytes };
    report();
  }).catch((error: unknown) => {
    throw new FormcastError(
      ErrorCode.ModelFetchFailed,
      `The model file could not be downloaded from ${modelUrl}: ${reason(error)}.`,
      {},
      { cause: error },
    );
  });

  const actual = await sha256Hex(modelBytes);
  if (actual !== artifact.sha256) {
    throw new FormcastError(
      ErrorCode.ModelIntegrity,
      `${artifact.file} is corrupt or does not belong to this manifest: its sha256 is ${actual}, the manifest expects ${artifact.sha256}. Redeploy the model directory as one unit.`,
      { expected: artifact.sha256, actual },
    );
  }

  timings.modelVerified = epoch(performance.now());

  try {
    const started = await runtimeLoad.ready;
    if (Number.isFinite(started.instantiated))
      timings.runtimeInstantiated = epoch(started.instantiated);
    timings.runtimeInitialised = epoch(started.initialised);
  } finally {
    stopListening();
  }
  report(true);
  onProgress({ phase: 'preparing' });
  let session: ModelSession;
  try {
    session = await createModelSession(modelBytes);
  } catch (error) {
    throw new FormcastError(
      ErrorCode.ModelInvalid,
      `${artifact.file} could not be opened by the ONNX runtime: ${reason(error)}`,
      {},
      { cause: error },
    );
  }
  try {
    checkSignature(manifest, session);
  } catch (error) {
    await session.release();
    throw error;
  }
  timings.sessionCreated = epoch(performance.now());
  const source = runtimeLoad.source();
  onProgress({
    phase: 'ready',
    timings,
    runtime: source?.module
      ? { compiledBy: 'page' }
      : { compiledBy: 'worker', reason: source?.reason },
  });
  return { manifest, session };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
