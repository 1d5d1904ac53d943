/**
 * "Only the newest answer counts": the one way Formcast's controllers drop stale async answers.
 * Loading a model (ModelController), predicting the form's values (FormController), computing
 * the what-if views (WhatIfController) and fetching a decision tree (TreeController) each take a
 * ticket when they start; starting again, or dropping everything, makes the earlier tickets
 * stale, and an answer that comes back on a stale ticket is ignored instead of overwriting a
 * newer one on screen.
 *
 * Not `@lit/task`: a task starts a run on every change at once, while the what-if views keep one
 * batch in the worker and compute only the newest values after it (a run per keystroke would
 * queue behind the typist); and a task aborts the older run through its AbortSignal, which for a
 * model's worker means stopping it.
 */
export interface Ticket {
  /** True while no newer attempt has started (and nothing was dropped) since it was taken. */
  readonly current: boolean;
}

export class NewestWins {
  private generation = 0;

  /** Starts an attempt: from now on only its answer counts. */
  next(): Ticket {
    this.generation++;
    return this.ticket();
  }

  /** The ticket of the attempt that counts now, without starting another. */
  ticket(): Ticket {
    const generation = this.generation;
    const now = () => this.generation;
    return {
      get current() {
        return generation === now();
      },
    };
  }

  /** Makes every ticket handed out so far stale (the host left the page). */
  drop(): void {
    this.generation++;
  }
}
