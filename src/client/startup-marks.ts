/**
 * Start-up steps as marks on the page's performance timeline, named `formcast:<step>`: the
 * benchmark reads them to say where start-up time goes (docs/benchmarks.md), and anyone can in
 * DevTools' Performance panel. Marks are a measurement aid, never required.
 */
export function markStartup(step: string, detail?: unknown, startTime?: number): void {
  try {
    performance.mark(
      `formcast:${step}`,
      startTime === undefined ? { detail } : { detail, startTime },
    );
  } catch {
    // a browser without mark options (or a start time before the page's) loses nothing
  }
}
