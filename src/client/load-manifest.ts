import type { ModelManifest } from '../manifest/manifest-types';
import { fetchManifest } from '../manifest/fetch-manifest';
import { releaseRuntimeDownload } from './runtime-compile';
import { markStartup } from './startup-marks';

const manifests = new Map<string, Promise<ModelManifest>>();

/**
 * A model directory's manifest, fetched and validated on the page, once per page: the form is
 * drawn from it as soon as it arrives, before the worker or the runtime are ready, and every
 * worker of the model (the form's, a batch's) is given it rather than fetching it again. A
 * failure is not kept: the next call (Try again) fetches afresh.
 * @throws {FormcastError} MANIFEST_FETCH_FAILED or MANIFEST_INVALID.
 */
export function loadManifest(modelDirUrl: string): Promise<ModelManifest> {
  let manifest = manifests.get(modelDirUrl);
  if (!manifest) {
    markStartup('manifest-request');
    manifest = fetchManifest(modelDirUrl).then((m) => {
      markStartup('manifest');
      return m;
    });
    manifests.set(modelDirUrl, manifest);
    manifest.catch(() => manifests.delete(modelDirUrl));
    // The runtime streams once the form can be drawn (see client/runtime-compile.ts).
    void manifest.finally(releaseRuntimeDownload).catch(() => undefined);
  }
  return manifest;
}
