// Scenario "start-up": navigation → first prediction rendered, with an empty cache (fresh browser
// profile), on a warm reload and on an offline reload, each broken down by the page's start-up
// marks (formcast:* on the performance timeline, see src/client/startup-marks.ts); the form's
// first moment to be typed into; a first visit over a throttled network (CDP emulation, brotli
// as a host sends it); and the bytes a first visit transfers. The WebAssembly code cache has its
// own scenario (bench/code-cache.mjs). Run alone: node bench/startup.mjs
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { brotliFiles } from './brotli.mjs';
import { dist, fmt, launchBrowser, serveDist, summarise } from './lib.mjs';
import { serverPeerModel, startServerPeer } from './server-peer.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const THROTTLED_RUNS = Number(process.env.BENCH_THROTTLED_RUNS ?? 2);
const LINK = '?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14';
/** The slow connection: 1.6 Mbps down, 150 ms round trip (Chrome's "Slow 4G" shape). */
export const THROTTLE = { downloadMbps: 1.6, uploadMbps: 0.75, rttMs: 150 };

/** What the page logs once its first prediction is drawn (see stampFirstPredictions). */
export const FIRST_PREDICTION_DRAWN = 'formcast-bench: first prediction drawn';

/**
 * Makes every page of `context` stamp its first prediction: the event, and the first frame after
 * it, in ms since navigation; once drawn, the page logs FIRST_PREDICTION_DRAWN. The bench waits
 * for that console message rather than polling with page.waitForFunction, which makes Playwright
 * evaluate its injected script in the page (tens of ms of main-thread work) in the middle of the
 * start-up it measures. The message is the init script's argument: the function runs in the page,
 * away from this module.
 */
export function stampFirstPredictions(context) {
  return context.addInitScript((drawnMessage) => {
    document.addEventListener(
      'formcast-predict',
      () => {
        window.__predicted = performance.now();
        requestAnimationFrame(() => {
          window.__firstPrediction = performance.now();
          console.debug(drawnMessage);
        });
      },
      { once: true },
    );
  }, FIRST_PREDICTION_DRAWN);
}

/** Resolves when the page has drawn its first prediction; call it before navigating. */
export function firstPredictionDrawn(page, timeout) {
  return page.waitForEvent('console', {
    predicate: (message) => message.text() === FIRST_PREDICTION_DRAWN,
    timeout,
  });
}

/**
 * The page's start-up marks and first-prediction stamps, once the first prediction is drawn, and
 * where V8 got the runtime's machine code from (its trace, category v8.wasm, a few dozen events):
 * "memory" when the module compiled by the previous page in the same renderer was reused
 * (wasm.GetNativeModuleFromCache without a compilation after it), "compiled" otherwise.
 */
async function timeNavigation(page, navigate, timeout = 20_000) {
  const cdp = await page.context().newCDPSession(page);
  const events = new Set();
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const e of value) events.add(e.name);
  });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['v8.wasm'] },
    transferMode: 'ReportEvents',
  });
  const drawn = firstPredictionDrawn(page, timeout);
  await navigate();
  await drawn;
  const ended = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await ended;
  await cdp.detach();
  const result = await page.evaluate(() => {
    const marks = {};
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('formcast:') && !(mark.name.slice(9) in marks))
        marks[mark.name.slice(9)] = { t: mark.startTime, detail: mark.detail };
    }
    return { marks, predicted: window.__predicted, drawn: window.__firstPrediction };
  });
  const reused =
    events.has('wasm.GetNativeModuleFromCache') && !events.has('wasm.BaselineFinished');
  return { ...result, machineCode: reused ? 'memory' : 'compiled' };
}

/**
 * Where one navigation's time went, in ms: the steps on the way to the first prediction, each
 * from the end of the one it waited for (so they add up along the critical path), and the form.
 */
export function breakdown({ marks, predicted, drawn, machineCode = 'unknown' }) {
  const t = (step) => marks[step]?.t ?? Number.NaN;
  const ready = Math.max(t('worker:runtimeInitialised'), t('worker:modelVerified'));
  return {
    pageScript: marks.script ? t('script') : Number.NaN,
    manifestRequest: t('manifest-request'),
    manifest: t('manifest'),
    form: t('form-shown'),
    runtimeRequest: t('runtime-fetch'),
    compile: t('runtime-compiled') - t('runtime-fetch'),
    instantiate: t('worker:runtimeInstantiated') - t('runtime-compiled'),
    ortInit: t('worker:runtimeInitialised') - t('worker:runtimeInstantiated'),
    modelVerified: t('worker:modelVerified'),
    session: t('worker:sessionCreated') - ready,
    firstRun: predicted - t('worker:sessionCreated'),
    render: drawn - predicted,
    total: drawn,
    compiledBy: marks['worker:runtime']?.detail?.compiledBy ?? 'unknown',
    runtimeBytes: marks['runtime-compiled']?.detail?.bytes ?? 'none',
    machineCode,
  };
}

function compressedSize(path) {
  const bytes = readFileSync(path);
  return {
    raw: statSync(path).size,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** "page ×9" or "memory ×7, compiled ×2": how often each value came. */
function tally(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ×${n}`).join(', ');
}

/** Medians of each breakdown field over runs. */
function summariseBreakdowns(runs) {
  const out = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    if (typeof runs[0][key] === 'string') out[key] = tally(runs.map((r) => r[key]));
    else out[key] = summarise(runs.map((r) => r[key]).filter(Number.isFinite));
  }
  return out;
}

async function runThrottled(browser) {
  const server = await serveDist(undefined, { brotli: brotliFiles(dist) });
  const runs = [];
  try {
    for (let run = 0; run < THROTTLED_RUNS; run++) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      await stampFirstPredictions(context);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: THROTTLE.rttMs,
        downloadThroughput: (THROTTLE.downloadMbps * 1e6) / 8,
        uploadThroughput: (THROTTLE.uploadMbps * 1e6) / 8,
      });
      let transferred = 0;
      cdp.on('Network.loadingFinished', (e) => (transferred += e.encodedDataLength));
      const result = await timeNavigation(page, () => page.goto(server.url + LINK), 180_000);
      runs.push({ ...breakdown(result), transferred });
      await context.close();
    }
  } finally {
    await server.close();
  }
  return runs;
}

export async function runStartup() {
  // The peer, timed in the same run: the server stack's cold start against Formcast's.
  const peerModel = serverPeerModel();
  const server = await serveDist();
  const browser = await launchBrowser();
  const cold = [];
  const warm = [];
  const offline = [];
  let transfer;
  const load = [loadavg()[0]];
  let throttled;
  const serverCold = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      await stampFirstPredictions(context);
      const page = await context.newPage();
      const paths = new Set();
      page.on('requestfinished', (r) => paths.add(new URL(r.url()).pathname));
      cold.push(breakdown(await timeNavigation(page, () => page.goto(server.url + LINK))));
      // Offline-ready: the service worker has precached everything.
      await page.locator('formcast-offline-status [data-offline-ready="true"]').waitFor();
      if (!transfer) {
        transfer = { files: 0, raw: 0, gzip: 0, brotli: 0 };
        for (const path of paths) {
          const file = `${dist}${path === '/' ? '/index.html' : path}`;
          try {
            const size = compressedSize(file);
            transfer.files++;
            transfer.raw += size.raw;
            transfer.gzip += size.gzip;
            transfer.brotli += size.brotli;
          } catch {
            // not a file of ours (e.g. a 404 probe): nothing to count
          }
        }
      }
      warm.push(breakdown(await timeNavigation(page, () => page.reload())));
      await context.setOffline(true);
      offline.push(breakdown(await timeNavigation(page, () => page.reload())));
      await context.close();
    }
    // After Formcast's runs, not between them: a Python process's start just before a cold visit
    // would be measured as part of that visit's machine.
    for (let run = 0; run < RUNS; run++) {
      const flask = await startServerPeer(peerModel);
      serverCold.push(flask.firstAnswerMs);
      await flask.close();
    }
    load.push(loadavg()[0]);
    throttled = await runThrottled(browser);
    load.push(loadavg()[0]);
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    serverCold: summarise(serverCold),
    cold: summariseBreakdowns(cold),
    warm: summariseBreakdowns(warm),
    offline: summariseBreakdowns(offline),
    throttled: summariseBreakdowns(throttled),
    throttledTransfer: summarise(throttled.map((r) => r.transferred)),
    transfer,
    load,
  };
}

export function printStartup(r) {
  const ms = (s) => `${fmt(s.median, 0)} ms`;
  const row = (name, s, target) =>
    `| ${name} | ${fmt(s.median, 0)} ms | ${fmt(s.p95, 0)} ms | ${fmt(s.min, 0)}–${fmt(s.max, 0)} ms | ${target} |`;
  const step = (name, key) =>
    `| ${name} | ${ms(r.cold[key])} | ${ms(r.warm[key])} | ${ms(r.offline[key])} | ${r.throttled[key] ? ms(r.throttled[key]) : 'n/a'} |`;
  const mbps = `${THROTTLE.downloadMbps} Mbps down, ${THROTTLE.rttMs} ms round trip`;
  return [
    `Load average during the start-up runs: ${r.load.map((l) => l.toFixed(1)).join(' → ')}.`,
    '',
    '| start-up scenario | median | p95 | range | target |',
    '|---|---|---|---|---|',
    row(
      `cold start, empty cache → first prediction rendered (n=${r.cold.total.n})`,
      r.cold.total,
      '≤ 800 ms',
    ),
    row(
      `for comparison: gunicorn + Flask serving the same model on loopback, process start → first answer (n=${r.serverCold.n})`,
      r.serverCold,
      `Formcast's cold start: ${fmt(r.cold.total.median / r.serverCold.median, 2)} × its time`,
    ),
    row(`warm reload → first prediction (n=${r.warm.total.n})`, r.warm.total, '≤ 250 ms'),
    row(`offline reload → first prediction (n=${r.offline.total.n})`, r.offline.total, '≤ 250 ms'),
    row('cold start → form visible and typeable', r.cold.form, '≤ 400 ms'),
    row('warm reload → form visible and typeable', r.warm.form, '≤ 200 ms'),
    row(
      `throttled first visit (${mbps}, brotli) → form typeable (n=${r.throttled.form.n})`,
      r.throttled.form,
      '≤ 1.5 s',
    ),
    row(
      `throttled first visit → first prediction (${(r.throttledTransfer.median / 1e6).toFixed(2)} MB transferred: ${fmt((r.throttledTransfer.median * 8) / (THROTTLE.downloadMbps * 1e6), 1)} s at ${THROTTLE.downloadMbps} Mbps)`,
      r.throttled.total,
      'download-bound',
    ),
    `| first-visit transfer, ${r.transfer.files} files | ${(r.transfer.brotli / 1e6).toFixed(2)} MB brotli | ${(r.transfer.gzip / 1e6).toFixed(2)} MB gzip | ${(r.transfer.raw / 1e6).toFixed(2)} MB raw | ≤ 2.5 MB |`,
    '',
    'Where start-up time goes (medians; "at" is ms since navigation, the others are durations along the way to the first prediction):',
    '',
    '| step | cold | warm reload | offline reload | throttled |',
    '|---|---|---|---|---|',
    step('page script runs (at)', 'pageScript'),
    step('manifest requested (at)', 'manifestRequest'),
    step('manifest in (at)', 'manifest'),
    step('form drawn (at)', 'form'),
    step('runtime requested (at; held until a manifest is in)', 'runtimeRequest'),
    step('runtime fetched and compiled on the page', 'compile'),
    step('module handed to the worker and instantiated', 'instantiate'),
    step('onnxruntime-web initialised', 'ortInit'),
    step('model downloaded and its sha256 checked (at)', 'modelVerified'),
    step('session created', 'session'),
    step('first prediction: request → answer on the page', 'firstRun'),
    step('first prediction drawn (next frame)', 'render'),
    step('total: navigation → first prediction drawn', 'total'),
    `| runtime compiled by (page: compileStreaming; worker: a fallback) | ${r.cold.compiledBy} | ${r.warm.compiledBy} | ${r.offline.compiledBy} | ${r.throttled.compiledBy} |`,
    `| runtime's bytes compiled on the page (response: the fetched one, streamed; precache: the service worker's stored copy, read as a Blob on reloads) | ${r.cold.runtimeBytes} | ${r.warm.runtimeBytes} | ${r.offline.runtimeBytes} | ${r.throttled.runtimeBytes} |`,
    `| runtime's machine code (memory: the previous page's module reused; compiled: no cache hit) | ${r.cold.machineCode} | ${r.warm.machineCode} | ${r.offline.machineCode} | ${r.throttled.machineCode} |`,
    '',
    'Return visits in a restarted browser, where only the disk code cache can help, are the code-cache scenario below.',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printStartup(await runStartup()));
}
