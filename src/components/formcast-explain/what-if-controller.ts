import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Predictor } from '../../client/create-predictor';
import { ErrorCode, type FormcastError, toFormcastError } from '../../errors';
import { ExplainError } from '../../explain/explain-errors';
import { readWhatIfFor, type WhatIf } from '../../explain/what-if-curves';
import { planColumns, planWhatIf } from '../../explain/what-if-plan';
import type { ModelManifest } from '../../manifest/manifest-types';
import type { Prediction } from '../../runtime/answers';
import { rowAnswer } from '../../runtime/read-answers';
import { NewestWins } from '../newest-wins';

/** What to compute the what-if views for. */
export interface WhatIfRequest {
  readonly predictor: Predictor;
  readonly manifest: ModelManifest;
  readonly prediction: Prediction;
}

/**
 * Keeps the what-if views in step with the prediction without ever queueing behind the typist:
 * requests made in the same task are coalesced (a microtask, not an animation frame: waiting for
 * the next frame would add up to 16 ms to every update for nothing, since Lit already renders
 * once per task), at most one batch is in the worker at a time, and when it returns only the
 * newest request waiting is computed next (latest wins). Each computation is one predictColumns
 * call. `revision` counts the results shown.
 */
export class WhatIfController implements ReactiveController {
  /** The prediction that `result` (or `error`) is about: what the host shows explains this one. */
  prediction: Prediction | undefined;
  result: WhatIf | undefined;
  error: FormcastError | ExplainError | undefined;
  /** A request is waiting or in the worker: what is shown is not for the newest values yet. */
  pending = false;
  revision = 0;

  private readonly host: ReactiveControllerHost;
  private wanted: WhatIfRequest | undefined;
  private last: WhatIfRequest | undefined;
  private scheduled = false;
  private running = false;
  private readonly newest = new NewestWins();

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.wanted = undefined;
    this.newest.drop();
  }

  /** Computes the views for `request`, or clears them (no valid prediction to explain). */
  request(request: WhatIfRequest | undefined): void {
    this.newest.next();
    this.wanted = request;
    this.last = request;
    if (!request) {
      this.prediction = undefined;
      this.result = undefined;
      this.error = undefined;
      this.pending = false;
      return;
    }
    this.pending = true;
    if (!this.running && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        void this.run();
      });
    }
  }

  /** Computes the last request again (after a failure). */
  retry(): void {
    this.request(this.last);
  }

  private async run(): Promise<void> {
    const job = this.wanted;
    if (!job) return;
    this.wanted = undefined;
    this.running = true;
    const ticket = this.newest.ticket();
    try {
      const plan = planWhatIf(job.manifest, job.prediction.inputs);
      const output = await job.predictor.predictColumns(planColumns(job.manifest, plan));
      if (!ticket.current) return;
      const answers = Array.from({ length: output.scores.length / output.width }, (_, i) =>
        rowAnswer(job.manifest, output, i),
      );
      this.result = readWhatIfFor(job.manifest, plan, answers, job.prediction);
      this.error = undefined;
      this.prediction = job.prediction;
      this.revision++;
    } catch (error) {
      if (!ticket.current) return;
      this.result = undefined;
      this.prediction = job.prediction;
      this.error =
        error instanceof ExplainError ? error : toFormcastError(error, ErrorCode.InferenceFailed);
    } finally {
      this.running = false;
      if (ticket.current) {
        this.pending = false;
        this.host.requestUpdate();
      }
      // Newer values arrived meanwhile: compute only the newest, at once.
      if (this.wanted) void this.run();
    }
  }
}
