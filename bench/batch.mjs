// Scenario "batch": a 1,000,000-row drug CSV (≈ 22 MB) uploaded through the page's "Score a CSV
// file" element, timed from file chosen to download ready (the element's performance marks), with
// the longest main-thread task in that window (PerformanceObserver 'longtask') and peak memory:
// the main thread's JS heap (performance.memory) and the peak resident size of the page's
// renderer process, which holds the page, both workers and their WebAssembly memory (Linux
// /proc, found through CDP SystemInfo). Each run uses a fresh browser so peaks are its own.
// "cold" is the first batch of a page (its worker starts and loads the model); "warm" a second
// batch in the same page. Run alone: node bench/batch.mjs
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, launchBrowser, serveDist, summarise } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 1_000_000);
const TIMEOUT_MS = 180_000;

const SEXES = ['F', 'M'];
const LEVELS = ['HIGH', 'LOW', 'NORMAL'];

/** A drug CSV like the tutorials' data: every row valid, values spread over the training range. */
export async function writeDrugCsv(path, rows) {
  const out = createWriteStream(path);
  out.write('Age,Sex,BP,Cholesterol,Na_to_K\n');
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < rows;) {
    let chunk = '';
    for (let j = 0; j < 10_000 && i < rows; j++, i++) {
      chunk += `${15 + Math.floor(random() * 60)},${SEXES[Math.floor(random() * 2)]},${LEVELS[Math.floor(random() * 3)]},${LEVELS[Math.floor(random() * 2) * 2]},${(6 + random() * 32).toFixed(3)}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// Records long tasks from the start (the page picks those inside a batch's window) and samples
// the main thread's JS heap from inside the page: sampling it through CDP (Performance.getMetrics)
// itself caused main-thread tasks over 50 ms.
export const observeMainThread = () => {
  window.__longTasks = [];
  window.__heapPeak = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  setInterval(() => {
    window.__heapPeak = Math.max(window.__heapPeak, performance.memory?.usedJSHeapSize ?? 0);
  }, 100);
};

function kibFromProc(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

/** Peak resident bytes of the browser's processes by type (largest renderer: our page). */
async function processPeaks(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  const peak = (type) =>
    Math.max(
      0,
      ...processInfo.filter((p) => p.type === type).map((p) => kibFromProc(p.id, 'VmHWM') ?? 0),
    );
  return { renderer: peak('renderer'), browser: peak('browser') };
}

/** Scores `file` through the page; resolves with the marks' distance and what happened in it. */
export async function scoreOnce(page, file, batchNumber) {
  await page.locator('formcast-batch input[type="file"]').setInputFiles(file);
  await page.waitForFunction(
    (n) => performance.getEntriesByName('formcast-batch:download-ready').length >= n,
    batchNumber,
    { timeout: TIMEOUT_MS, polling: 20 },
  );
  return page.evaluate((n) => {
    const chosen = performance.getEntriesByName('formcast-batch:file-chosen')[n - 1].startTime;
    const ready = performance.getEntriesByName('formcast-batch:download-ready')[n - 1].startTime;
    const inWindow = window.__longTasks.filter((t) => t.start >= chosen && t.start <= ready);
    const summary = document
      .querySelector('formcast-app')
      .shadowRoot.querySelector('formcast-batch')
      .shadowRoot.querySelector('[data-testid="batch-summary"]').textContent;
    return {
      ms: ready - chosen,
      longestTask: Math.max(0, ...inWindow.map((t) => t.duration)),
      longTasks: inWindow.length,
      heapPeak: window.__heapPeak,
      summary: summary.replace(/\s+/g, ' ').trim(),
    };
  }, batchNumber);
}

/** Where the batch worker's time goes, by self time of a CPU profile's samples. */
function categorise(callFrame) {
  const { functionName: name, url } = callFrame;
  if (name === '(idle)') return 'idle (file reads, messages)';
  if (name === '(garbage collector)') return 'garbage collection';
  if (url.includes('onnxruntime-web') || url.startsWith('wasm') || /wasm/.test(name)) {
    return 'onnxruntime-web (session.run, string tensors)';
  }
  if (name === 'Blob') return 'Blob construction (output)';
  if (['arrayBuffer', 'slice', 'decode'].includes(name)) return 'reading and decoding the file';
  // CSV scoring is a chunk of its own (score-csv-*.js), papaparse included.
  const ours = url.includes('predictor.worker') || url.includes('score-csv');
  if (name === 'parse' && ours) return 'papaparse';
  if (ours) return 'Formcast JS (validation, columns, CSV writing)';
  return 'other';
}

/**
 * Profiles one more (untimed) batch in the worker that runs it, through a CDP session attached to
 * the page's workers, and sums self time by category.
 */
async function profileBatch(page, file, batchNumber) {
  const cdp = await page.context().newCDPSession(page);
  const targets = [];
  const waiting = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') targets.push(event.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  const send = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  for (const target of targets) {
    await send(target, 'Profiler.enable');
    await send(target, 'Profiler.setSamplingInterval', { interval: 500 });
    await send(target, 'Profiler.start');
  }
  await scoreOnce(page, file, batchNumber);
  const totals = {};
  let busiest = 0;
  for (const target of targets) {
    const { profile } = await send(target, 'Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const sums = {};
    let busy = 0;
    profile.samples.forEach((id, i) => {
      const category = categorise(byId.get(id).callFrame);
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      sums[category] = (sums[category] ?? 0) + ms;
      if (!category.startsWith('idle')) busy += ms;
    });
    if (busy > busiest) {
      busiest = busy;
      Object.assign(totals, sums);
    }
  }
  await cdp.detach();
  return totals;
}

export async function runBatch() {
  const dir = mkdtempSync(join(tmpdir(), 'formcast-bench-'));
  const file = join(dir, 'drugs-1m.csv');
  await writeDrugCsv(file, ROWS);
  const bytes = readFileSync(file).length;
  const server = await serveDist();
  const cold = [];
  const warm = [];
  let profile;
  try {
    for (let run = 0; run < RUNS; run++) {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.addInitScript(observeMainThread);
        await page.goto(server.url);
        await page.locator('formcast-result [part="label"]').waitFor();
        const first = await scoreOnce(page, file, 1);
        const second = await scoreOnce(page, file, 2);
        if (run === 0) profile = await profileBatch(page, file, 3);
        const peaks = await processPeaks(browser);
        if (
          !first.summary.startsWith(
            `${ROWS.toLocaleString('en')} rows: ${ROWS.toLocaleString('en')} scored`,
          )
        ) {
          throw new Error(`Unexpected result: ${first.summary}`);
        }
        cold.push(first);
        warm.push({ ...second, rendererPeak: peaks.renderer, browserPeak: peaks.browser });
        console.log(
          `  run ${run + 1}: cold ${fmt(first.ms, 0)} ms, warm ${fmt(second.ms, 0)} ms, longest task ${fmt(Math.max(first.longestTask, second.longestTask), 0)} ms, renderer peak ${fmt(peaks.renderer / 2 ** 20, 0)} MiB`,
        );
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const all = [...cold, ...warm];
  return {
    rows: ROWS,
    bytes,
    cold: summarise(cold.map((r) => r.ms)),
    warm: summarise(warm.map((r) => r.ms)),
    longestTaskMs: Math.max(...all.map((r) => r.longestTask)),
    longTasks: all.reduce((n, r) => n + r.longTasks, 0),
    mainHeapPeak: Math.max(...all.map((r) => r.heapPeak)),
    rendererPeak: summarise(warm.map((r) => r.rendererPeak)),
    browserPeak: summarise(warm.map((r) => r.browserPeak)),
    profile,
  };
}

function total(sums) {
  return Object.values(sums).reduce((a, b) => a + b, 0);
}

export function printBatch(r) {
  const mib = (b) => `${fmt(b / 2 ** 20, 0)} MiB`;
  const rate = (s) => `${fmt(r.rows / (s.median / 1000) / 1e6, 2)} M rows/s`;
  const row = (name, s, target) =>
    `| ${name} | ${fmt(s.median, 0)} ms (${rate(s)}) | ${fmt(s.min, 0)}–${fmt(s.max, 0)} ms | ${target} |`;
  const rows = `${(r.rows / 1e6).toLocaleString('en')}M-row`;
  return [
    `| batch scenario (${rows} drug CSV, ${fmt(r.bytes / 1e6, 1)} MB) | median | range | target |`,
    '|---|---|---|---|',
    row(
      `file chosen → download ready, first batch of the page (n=${r.cold.n})`,
      r.cold,
      '≤ 1000 ms',
    ),
    row(`file chosen → download ready, next batch (n=${r.warm.n})`, r.warm, '≤ 1000 ms'),
    `| longest main-thread task during a batch | ${r.longestTaskMs > 0 ? `${fmt(r.longestTaskMs, 0)} ms (${r.longTasks} tasks ≥ 50 ms in ${r.cold.n + r.warm.n} batches)` : 'none ≥ 50 ms'} | | ≤ 50 ms |`,
    `| peak memory: renderer process (page + workers + WASM) | ${mib(r.rendererPeak.median)} | ${mib(r.rendererPeak.min)}–${mib(r.rendererPeak.max)} | bounded |`,
    `| peak memory: browser process (holds the Blobs) | ${mib(r.browserPeak.median)} | ${mib(r.browserPeak.min)}–${mib(r.browserPeak.max)} | |`,
    `| peak JS heap of the main thread | ${mib(r.mainHeapPeak)} | | |`,
    '',
    '| batch worker, one profiled batch: self time by category | ms | share |',
    '|---|---|---|',
    ...Object.entries(r.profile)
      .sort((a, b) => b[1] - a[1])
      .map(
        ([what, ms]) => `| ${what} | ${fmt(ms, 0)} | ${fmt((ms / total(r.profile)) * 100, 0)} % |`,
      ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printBatch(await runBatch()));
}
