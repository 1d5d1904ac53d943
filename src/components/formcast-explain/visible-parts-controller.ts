import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far outside the viewport a part still counts as in view (it is about to be). */
const MARGIN = '200px';
/** Catch-up starts once the parts have been left alone this long (typing has paused). */
const QUIET_MS = 300;

/**
 * Which parts of an element's shadow root (elements with `data-part="<key>"`) are in or near the
 * viewport, so that a keystroke redraws only those: the host draws the rest from their last
 * state and, once updates pause for QUIET_MS, catches up one part per idle moment, newest data
 * first (catching up while typing put an off-screen chart's redraw, ≈ 0.5 ms of main thread, in
 * every keystroke, often while the next what-if answer waited). The host re-renders when a
 * part comes into view or a catch-up is due. (Off-screen parts also skip style, layout and
 * paint through `content-visibility: auto`; this saves the template work too.)
 */
export class VisiblePartsController implements ReactiveController {
  private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  private readonly inView = new Set<string>();
  private readonly observed = new WeakSet<Element>();
  private observer: IntersectionObserver | undefined;
  private stale: readonly string[] = [];
  private refresh: string | undefined;
  private idle: (() => void) | undefined;

  constructor(host: ReactiveControllerHost & { readonly renderRoot: ParentNode }) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver !== 'function') return;
    this.observer = new IntersectionObserver(
      (entries) => {
        let entered = false;
        for (const entry of entries) {
          const key = (entry.target as HTMLElement).dataset.part;
          if (!key) continue;
          if (entry.isIntersecting) {
            entered ||= !this.inView.has(key);
            this.inView.add(key);
          } else this.inView.delete(key);
        }
        if (entered) this.host.requestUpdate();
      },
      { rootMargin: MARGIN },
    );
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.idle?.();
    this.idle = undefined;
    this.inView.clear();
  }

  hostUpdated(): void {
    const observer = this.observer;
    if (observer) {
      for (const part of this.host.renderRoot.querySelectorAll('[data-part]')) {
        if (this.observed.has(part)) continue;
        this.observed.add(part);
        observer.observe(part);
      }
    }
    // An update that was a catch-up goes on with the next part; any other restarts the wait.
    const caughtUp = this.refresh !== undefined;
    this.refresh = undefined;
    if (!caughtUp) {
      this.idle?.();
      this.idle = undefined;
    }
    if (this.stale.length > 0) this.catchUpWhenIdle(caughtUp);
  }

  /**
   * Whether part `key` is drawn from the newest data in this render: it is in view (or nothing
   * tells where it is), or its idle catch-up is due.
   */
  current(key: string): boolean {
    return !this.observer || this.inView.has(key) || this.refresh === key;
  }

  /** The parts the host drew from older data in this render, in display order. */
  setStale(keys: readonly string[]): void {
    this.stale = keys;
  }

  private catchUpWhenIdle(now: boolean): void {
    if (this.idle) return;
    const run = () => {
      this.idle = undefined;
      this.refresh = this.stale[0];
      if (this.refresh !== undefined) this.host.requestUpdate();
    };
    const whenIdle = () => {
      if (typeof requestIdleCallback === 'function') {
        const id = requestIdleCallback(run, { timeout: 1000 });
        this.idle = () => cancelIdleCallback(id);
      } else {
        const id = setTimeout(run, 50);
        this.idle = () => clearTimeout(id);
      }
    };
    if (now) return whenIdle();
    const id = setTimeout(whenIdle, QUIET_MS);
    this.idle = () => clearTimeout(id);
  }
}
