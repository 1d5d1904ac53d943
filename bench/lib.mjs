// Shared pieces of the benchmark scenarios: the browser, the server, and the statistics.
import { chromium } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** The build to measure: dist/, or $FORMCAST_DIST. */
export const dist = process.env.FORMCAST_DIST ?? `${root}dist`;

/** Cross-origin isolation un-coarsens timers (to 5 µs) in the page and its workers. */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

export function launchBrowser() {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

export function serveDist(headers = ISOLATION_HEADERS, options = {}) {
  return startStaticServer({ root: dist, headers, ...options });
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/** Median, p95, p99, min and max of a list of samples. */
export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    min: sorted[0],
    max: sorted.at(-1),
  };
}

export function fmt(value, digits = 1) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
