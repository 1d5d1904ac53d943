import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Predictor } from '../../client/create-predictor';
import { acquirePredictor, type SharedPredictor } from '../../client/shared-predictors';
import { ErrorCode, type FormcastError, toFormcastError } from '../../errors';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { LoadProgress } from '../../runtime/load-progress';
import { NewestWins } from '../newest-wins';

/** Load state of a model, as Lit's TaskStatus does it: a const object and its union. */
export const LoadStatus = {
  Initial: 'initial',
  Loading: 'loading',
  Ready: 'ready',
  Error: 'error',
} as const;
export type LoadStatus = (typeof LoadStatus)[keyof typeof LoadStatus];

/**
 * Gives an element one model: starts loading when the source is set, tracks progress and the
 * manifest (which arrives before the runtime is ready, so the form can render early), and
 * reports failures as FormcastErrors. The host re-renders on every change.
 */
export class ModelController implements ReactiveController {
  status: LoadStatus = LoadStatus.Initial;
  progress: LoadProgress | undefined;
  manifest: ModelManifest | undefined;
  error: FormcastError | undefined;
  predictor: Predictor | undefined;

  private readonly host: ReactiveControllerHost;
  private readonly newest = new NewestWins();
  private held: SharedPredictor | undefined;
  private stopProgress: (() => void) | undefined;
  private src: string | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    // Back in the DOM after a move: take the model again (its worker lingers briefly).
    if (this.src && !this.held) void this.load(this.src);
  }

  hostDisconnected(): void {
    this.letGo();
  }

  private letGo(): void {
    this.stopProgress?.();
    this.held?.release();
    this.held = undefined;
    this.stopProgress = undefined;
  }

  /**
   * Switches to the model at `src` and loads it. Widgets showing the same model share its worker
   * (see shared-predictors.ts); the previous model is released.
   */
  load(src: string): Promise<ModelManifest | undefined> {
    this.letGo();
    this.src = src;
    const ticket = this.newest.next();
    this.status = LoadStatus.Loading;
    this.error = undefined;
    this.manifest = undefined;
    this.progress = undefined;
    let predictor: Predictor;
    try {
      this.held = acquirePredictor(src);
      predictor = this.held.predictor;
      this.stopProgress = predictor.onProgress((progress) => {
        if (!ticket.current) return;
        // The manifest arrives mid-download: keep showing the byte counts rather than resetting them.
        if (progress.phase === 'manifest') this.manifest = progress.manifest;
        else this.progress = progress;
        this.host.requestUpdate();
      });
    } catch (error) {
      this.fail(toFormcastError(error, ErrorCode.ManifestFetchFailed));
      return Promise.resolve(undefined);
    }
    this.predictor = predictor;
    this.host.requestUpdate();
    return predictor.load().then(
      (manifest) => {
        if (!ticket.current) return undefined;
        this.manifest = manifest;
        this.status = LoadStatus.Ready;
        this.host.requestUpdate();
        return manifest;
      },
      (error: unknown) => {
        if (ticket.current) this.fail(toFormcastError(error, ErrorCode.ManifestFetchFailed));
        return undefined;
      },
    );
  }

  /** Marks the model as failed (load or a later crash) so the host shows the error. */
  fail(error: FormcastError): void {
    this.status = LoadStatus.Error;
    this.error = error;
    this.host.requestUpdate();
  }
}
