// Scenario "code cache": does Chromium keep the compiled runtime for a return visit? A persistent
// browser profile visits the page, stays on it a few seconds, and the browser is closed; it is
// started again on the same profile for each return visit. Chromium's trace says whether it
// wrote the compiled module to its WebAssembly code cache (v8.wasm.cachedModule) and whether a
// visit used it (v8.wasm.moduleCacheHit). Each visit's start-up is broken down as in "start-up".
// Variants: the site without and with its service worker (the precache then serves the runtime:
// does a response from Cache Storage get the code cache?), and the widget embedded in a page of
// another site (localhost embedding 127.0.0.1, the widget's runtime fetched with CORS).
//
// Why a flag: with dynamic tiering, V8 writes the cache once ≥ 1 kB of optimised (TurboFan) code
// exists and no new optimised code came for --wasm-caching-timeout-ms (2 s). When code did come
// in the meantime, V8 re-arms that wait by passing the milliseconds left to
// CallDelayedOnWorkerThread, which takes seconds (src/wasm/module-compiler.cc,
// TriggerCachingAfterTimeout): a start-up that tiers functions up over 30 ms gets its cache
// written ≈ 30 s later, one spread over 300 ms after 5 minutes, and only if the tab is still
// open. So a visit of a few seconds, as here, leaves no cache in Chromium as shipped. The
// variants with --wasm-caching-timeout-ms=0 (write as soon as there is code to write) show what
// a return visit costs once the cache exists, and that the page's compilation is one Chromium
// caches: a regression (compiling in the worker again, a response the cache refuses) shows as
// "no" in their rows. Run alone: node bench/code-cache.mjs
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';
import { dist, fmt, summarise } from './lib.mjs';
import { breakdown, firstPredictionDrawn, stampFirstPredictions } from './startup.mjs';

const RETURNS = Number(process.env.BENCH_CACHE_RETURNS ?? 3);
/** How long the first visit stays open before the browser is closed. */
const STAY_MS = Number(process.env.BENCH_CACHE_STAY_MS ?? 5000);
const LINK = '?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14';
const CACHE_AT_ONCE = ['--js-flags=--wasm-caching-timeout-ms=0'];

const VARIANTS = [
  { name: 'site, Chromium as shipped', flags: [], serviceWorkers: 'block' },
  { name: 'site with its service worker, as shipped', flags: [], serviceWorkers: 'allow' },
  { name: 'site, cache written at once', flags: CACHE_AT_ONCE, serviceWorkers: 'block' },
  {
    name: 'site with its service worker (the precache serves the runtime), cache written at once',
    flags: CACHE_AT_ONCE,
    serviceWorkers: 'allow',
  },
  {
    name: 'widget embedded in a page of another site, cache written at once',
    flags: CACHE_AT_ONCE,
    serviceWorkers: 'block',
    embed: true,
  },
];

/** One visit in a browser started on `profile`: the breakdown and the code cache's events. */
async function visit(url, profile, variant, stayMs) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...variant.flags],
    serviceWorkers: variant.serviceWorkers,
  });
  try {
    await stampFirstPredictions(context);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    const events = { cachedModule: 0, moduleCacheHit: 0 };
    cdp.on('Tracing.dataCollected', ({ value }) => {
      for (const e of value) {
        const name = String(e.name).replace('v8.wasm.', '');
        if (name in events) events[name]++;
      }
    });
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline'] },
      transferMode: 'ReportEvents',
    });
    const drawn = firstPredictionDrawn(page, 60_000);
    await page.goto(url);
    await drawn;
    const result = await page.evaluate(() => {
      const marks = {};
      for (const mark of performance.getEntriesByType('mark')) {
        if (mark.name.startsWith('formcast:') && !(mark.name.slice(9) in marks))
          marks[mark.name.slice(9)] = { t: mark.startTime, detail: mark.detail };
      }
      return {
        marks,
        predicted: window.__predicted,
        drawn: window.__firstPrediction,
        controlled: Boolean(navigator.serviceWorker?.controller),
      };
    });
    if (variant.serviceWorkers === 'allow') {
      await page.locator('formcast-offline-status [data-offline-ready="true"]').waitFor();
    }
    await page.waitForTimeout(stayMs);
    const ended = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await ended;
    return { ...breakdown(result), controlled: result.controlled, ...events };
  } finally {
    await context.close();
  }
}

/** Formcast's host (CORS allowed, as docs/embedding.md asks) and a host page on another site. */
async function startServers() {
  const formcast = await startStaticServer({
    root: dist,
    headers: { 'access-control-allow-origin': '*' },
  });
  const origin = new URL(formcast.url).origin;
  const pages = mkdtempSync(join(tmpdir(), 'formcast-bench-host-'));
  writeFileSync(
    join(pages, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
      <script type="module" src="${origin}/embed/formcast.js"></script></head>
      <body><formcast-predictor src="${origin}/models/drug/" values='{"Age": 47, "Sex": "F", "BP": "HIGH", "Cholesterol": "HIGH", "Na_to_K": 14}'></formcast-predictor></body></html>`,
  );
  copyFileSync(join(dist, 'favicon.ico'), join(pages, 'favicon.ico'));
  const host = await startStaticServer({ root: pages });
  return {
    site: formcast.url + LINK,
    // localhost and 127.0.0.1 are two sites: the embed's code cache is the host's partition.
    embed: host.url.replace('127.0.0.1', 'localhost'),
    async close() {
      await Promise.all([formcast.close(), host.close()]);
      rmSync(pages, { recursive: true, force: true });
    },
  };
}

export async function runCodeCache() {
  const servers = await startServers();
  const results = [];
  const load = [loadavg()[0]];
  try {
    for (const variant of VARIANTS) {
      const profile = mkdtempSync(join(tmpdir(), 'formcast-bench-profile-'));
      const url = variant.embed ? servers.embed : servers.site;
      try {
        const first = await visit(url, profile, variant, STAY_MS);
        const returns = [];
        for (let i = 0; i < RETURNS; i++) returns.push(await visit(url, profile, variant, 1000));
        results.push({ variant: variant.name, first, returns });
        console.log(
          `  ${variant.name}: first ${fmt(first.total, 0)} ms (written ${first.cachedModule}), returns ${returns.map((r) => `${fmt(r.total, 0)} ms${r.moduleCacheHit ? ' hit' : ''}`).join(', ')}`,
        );
      } catch (error) {
        // One variant that cannot run (a browser that would not start) leaves the others' rows.
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        results.push({ variant: variant.name, error: reason });
        console.error(`  ${variant.name} could not run: ${reason}`);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await servers.close();
  }
  load.push(loadavg()[0]);
  return { stayMs: STAY_MS, load, results };
}

export function printCodeCache(r) {
  const median = (runs, key) => fmt(summarise(runs.map((x) => x[key])).median, 0);
  return [
    `| WebAssembly code cache, persistent profile (first visit open ${r.stayMs / 1000} s, then ${RETURNS} return visits, each in a restarted browser; load ${r.load.map((l) => l.toFixed(1)).join(' → ')}) | cache written in the first visit | return visits that used it | return visit: runtime fetched + compiled / ORT init / first prediction drawn, median |`,
    '|---|---|---|---|',
    ...r.results.map((x) =>
      x.error
        ? `| ${x.variant} | could not run: ${x.error} | | |`
        : `| ${x.variant} | ${x.first.cachedModule > 0 ? 'yes' : 'no'} | ${x.returns.filter((v) => v.moduleCacheHit > 0).length} of ${x.returns.length} | ${median(x.returns, 'compile')} / ${median(x.returns, 'ortInit')} / ${median(x.returns, 'total')} ms |`,
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printCodeCache(await runCodeCache()));
}
