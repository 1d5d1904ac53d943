// Scenario "batch": for every model of the index, a generated 1,000,000-row CSV (bench/generate-
// csv.mjs) uploaded through the page's "Score a CSV file" element, timed from file chosen to
// download ready (the element's performance marks), with the longest main-thread task in that
// window (PerformanceObserver 'longtask') and peak memory: the main thread's JS heap
// (performance.memory) and the peak resident size of the page's renderer process, which holds the
// page, every worker and their WebAssembly memory (Linux /proc, found through CDP SystemInfo).
// The next batch is also traced: each main-thread task's wall and CPU time, since on a busy
// machine a task can last long while its thread waits for a core.
// Each run uses a fresh browser so peaks are its own. "cold" is the first batch of a page (its
// workers start and load the model); "warm" a second batch in the same page. After each browser
// run, the peer scores the same file: pandas + the model's own Python library (bench/peer.py),
// read → predict → write, so both sides share the run and its load. Both sides' CPU time is
// printed too (every browser process over the next batch; the peer's process), which a busy
// machine inflates far less than their wall times. Run alone: node bench/batch.mjs
// (BENCH_MODELS=hr,house, BENCH_RUNS, BENCH_BATCH_ROWS narrow it; BENCH_WORKERS sets the
// element's workers attribute, for trying other counts than one per core).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDrugCsv, writeModelCsv } from './generate-csv.mjs';
import { dist, fmt, launchBrowser, root, serveDist, summarise } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 1_000_000);
// BENCH_MODELS=hr,house measures a subset.
const ONLY = process.env.BENCH_MODELS?.split(',');
const WORKERS = process.env.BENCH_WORKERS;
const TIMEOUT_MS = 300_000;

export { writeDrugCsv };

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

/** CPU time used so far by every process of the browser (page, workers, browser, GPU...). */
async function browserCpuMs(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return processInfo.reduce((sum, p) => sum + p.cpuTime * 1000, 0);
}

/**
 * The page's main-thread tasks of a trace (Chromium's top-level RunTask events on CrRendererMain): the
 * longest by wall time, with the CPU time the thread had in it. On a busy machine a task can
 * last long while the thread waits for a core; its CPU time says what was ours.
 */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

function mainThreadTasks(traceBuffer) {
  const parsed = JSON.parse(traceBuffer.toString('utf8'));
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) => e.ph === 'X' && TASK_EVENTS.has(e.name) && main.has(`${e.pid}:${e.tid}`),
  );
  const longest = tasks.reduce((a, e) => (!a || e.dur > a.dur ? e : a), undefined);
  const busiest = tasks.reduce((a, e) => (!a || (e.tdur ?? 0) > (a.tdur ?? 0) ? e : a), undefined);
  return {
    tasks: tasks.length,
    longestWallMs: (longest?.dur ?? 0) / 1000,
    longestWallCpuMs: (longest?.tdur ?? Number.NaN) / 1000,
    longestCpuMs: (busiest?.tdur ?? Number.NaN) / 1000,
    over50Wall: tasks.filter((e) => e.dur >= 50_000).length,
    over50Cpu: tasks.filter((e) => (e.tdur ?? 0) >= 50_000).length,
    cpuMs: tasks.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000,
  };
}

/** The traced batches' main-thread figures together: the longest and the busiest task of all. */
function combineTasks(list) {
  const longest = list.reduce((a, t) => (t.longestWallMs > a.longestWallMs ? t : a));
  return {
    batches: list.length,
    tasks: list.reduce((n, t) => n + t.tasks, 0),
    longestWallMs: longest.longestWallMs,
    longestWallCpuMs: longest.longestWallCpuMs,
    longestCpuMs: Math.max(...list.map((t) => t.longestCpuMs)),
    over50Wall: list.reduce((n, t) => n + t.over50Wall, 0),
    over50Cpu: list.reduce((n, t) => n + t.over50Cpu, 0),
    cpuMs: summarise(list.map((t) => t.cpuMs)).median,
  };
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

/** Where the batch workers' time goes, by self time of a CPU profile's samples. */
function categorise(callFrame) {
  const { functionName: name, url } = callFrame;
  if (name === '(idle)') return 'idle (waiting for slices, messages)';
  if (name === '(garbage collector)') return 'garbage collection';
  if (url.includes('onnxruntime-web') || url.includes('.wasm') || /wasm/i.test(name)) {
    return 'onnxruntime-web (session.run)';
  }
  if (name === 'Blob' || name === 'takeBlob') return 'Blob construction (output)';
  if (['arrayBuffer', 'slice', 'decode'].includes(name)) return 'reading and decoding the file';
  // CSV scoring is a chunk of its own (score-part-*.js), papaparse included.
  const ours = url.includes('predictor.worker') || url.includes('score-');
  if (name === 'parse' && ours) return 'papaparse';
  if (ours) return 'Formcast JS (reading rows, validation, columns, CSV writing)';
  return 'other';
}

/**
 * Profiles one more (untimed) batch in every worker of the page, through a CDP session attached
 * to them, and sums self time by category over the workers that scored.
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
  let workers = 0;
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
    // The form's own worker idles through a batch; count the ones that scored.
    if (busy < 50) continue;
    workers++;
    for (const [category, ms] of Object.entries(sums)) {
      totals[category] = (totals[category] ?? 0) + ms;
    }
  }
  await cdp.detach();
  return { workers, totals };
}

/** The peer on the same file: pandas + the model's own library, one timed run. */
function runPeer(id, file) {
  const output = execFileSync(
    'bash',
    ['scripts/python.sh', 'bench/peer.py', id, file, '--runs', '1'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split('\n').pop());
}

/** One model: RUNS browsers (a first and a next batch each), the peer after each, one profile. */
async function benchModel(server, entry, dir) {
  const manifest = JSON.parse(
    readFileSync(join(dist, 'models', entry.path, 'manifest.json'), 'utf8'),
  );
  const file = join(dir, `${entry.id}-${ROWS}.csv`);
  if (entry.id === 'drug') await writeDrugCsv(file, ROWS);
  else await writeModelCsv(file, manifest, ROWS);
  const expected = `${ROWS.toLocaleString('en')} rows: ${ROWS.toLocaleString('en')} scored`;
  const cold = [];
  const warm = [];
  const peer = [];
  const peerCpu = [];
  const load = [loadavg()[0]];
  let profile;
  for (let run = 0; run < RUNS; run++) {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.addInitScript(observeMainThread);
      await page.goto(`${server.url}?model=${entry.id}`);
      await page
        .locator('formcast-result [part="label"], formcast-result [part="value"]')
        .waitFor();
      await page.locator('formcast-batch input[type="file"]').waitFor({ state: 'attached' });
      if (WORKERS)
        await page
          .locator('formcast-batch')
          .evaluate((el, n) => el.setAttribute('workers', n), WORKERS);
      const first = await scoreOnce(page, file, 1);
      // The next batch is traced (top-level tasks only: cheap) for its main-thread tasks' CPU time.
      const cpuBefore = await browserCpuMs(browser);
      await browser.startTracing(page, { categories: ['toplevel'] });
      const second = await scoreOnce(page, file, 2);
      second.cpuMs = (await browserCpuMs(browser)) - cpuBefore;
      second.mainThread = mainThreadTasks(await browser.stopTracing());
      for (const batch of [first, second]) {
        if (!batch.summary.startsWith(expected)) {
          throw new Error(`${entry.id}: unexpected batch result: ${batch.summary}`);
        }
      }
      if (run === 0) profile = await profileBatch(page, file, 3);
      const peaks = await processPeaks(browser);
      cold.push(first);
      warm.push({ ...second, rendererPeak: peaks.renderer, browserPeak: peaks.browser });
      await browser.close();
      const measured = runPeer(entry.id, file);
      if (measured.rows !== ROWS)
        throw new Error(`${entry.id}: the peer read ${measured.rows} rows`);
      peer.push(measured.ms[0]);
      peerCpu.push(measured.cpu_ms[0]);
      console.log(
        `  ${entry.id} run ${run + 1}: cold ${fmt(first.ms, 0)} ms, warm ${fmt(second.ms, 0)} ms (CPU ${fmt(second.cpuMs, 0)} ms), pandas ${fmt(measured.ms[0], 0)} ms (CPU ${fmt(measured.cpu_ms[0], 0)} ms), longest task: first batch ${fmt(first.longestTask, 0)} ms, next ${fmt(second.longestTask, 0)} ms (traced: ${fmt(second.mainThread.longestWallMs, 0)} ms, ${fmt(second.mainThread.longestWallCpuMs, 0)} ms of CPU), renderer peak ${fmt(peaks.renderer / 2 ** 20, 0)} MiB, load ${fmt(loadavg()[0], 1)}`,
      );
    } finally {
      await browser.close();
    }
  }
  load.push(loadavg()[0]);
  const all = [...cold, ...warm];
  return {
    id: entry.id,
    rows: ROWS,
    bytes: statSync(file).size,
    cold: summarise(cold.map((r) => r.ms)),
    warm: summarise(warm.map((r) => r.ms)),
    peer: summarise(peer),
    warmCpu: summarise(warm.map((r) => r.cpuMs)),
    peerCpu: summarise(peerCpu),
    workers: WORKERS ?? 'one per core',
    longestTaskMs: Math.max(...all.map((r) => r.longestTask)),
    longTasks: all.reduce((n, r) => n + r.longTasks, 0),
    mainHeapPeak: Math.max(...all.map((r) => r.heapPeak)),
    rendererPeak: summarise(warm.map((r) => r.rendererPeak)),
    browserPeak: summarise(warm.map((r) => r.browserPeak)),
    mainThread: combineTasks(warm.map((r) => r.mainThread)),
    profile,
    load,
  };
}

export async function runBatch() {
  const index = JSON.parse(readFileSync(join(dist, 'models/index.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'formcast-bench-'));
  const server = await serveDist();
  const models = [];
  try {
    for (const entry of index.models.filter((m) => !ONLY || ONLY.includes(m.id))) {
      models.push(await benchModel(server, entry, dir));
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The drug model's figures stay at the top level, where the engines scenario reads them.
  const drug = models.find((m) => m.id === 'drug') ?? models[0];
  return { ...drug, models };
}

function total(sums) {
  return Object.values(sums).reduce((a, b) => a + b, 0);
}

/** The speed-up each model must reach over pandas + its own library (issue 16). */
const TARGET_RATIO = { drug: 4, hr: 3, house: 3 };

export function printBatch(r) {
  const mib = (b) => `${fmt(b / 2 ** 20, 0)} MiB`;
  const rate = (m, s) => `${fmt(m.rows / (s.median / 1000) / 1e6, 2)} M rows/s`;
  const span = (s) => `${fmt(s.min, 0)}–${fmt(s.max, 0)}`;
  const rows = `${(r.rows / 1e6).toLocaleString('en')}M`;
  const loads = r.models.flatMap((m) => m.load);
  const lines = [
    `| model: ${rows}-row CSV → scored CSV, median of ${r.warm.n} | Formcast in the tab, next batch | first batch of the page | pandas + the model's library, same file, same run | Formcast is | target | longest main-thread task | renderer peak |`,
    '|---|---|---|---|---|---|---|---|',
    ...r.models.map((m) => {
      const ratio = m.peer.median / m.warm.median;
      const target = TARGET_RATIO[m.id];
      const library = m.id === 'drug' ? 'scikit-learn' : 'LightGBM';
      return `| ${m.id} (${fmt(m.bytes / 1e6, 1)} MB) | ${fmt(m.warm.median, 0)} ms (${span(m.warm)}), ${rate(m, m.warm)} | ${fmt(m.cold.median, 0)} ms | ${fmt(m.peer.median, 0)} ms (${span(m.peer)}), pandas + ${library} | **${fmt(ratio, 2)}× faster** | ${target ? `≥ ${target}×` : ''} | ${m.longestTaskMs >= 50 ? `${fmt(m.longestTaskMs, 0)} ms (${m.longTasks} ≥ 50 ms)` : 'none ≥ 50 ms'} | ${mib(m.rendererPeak.median)} |`;
    }),
    '',
    `Load average while measured: ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)} (${cpus().length} cores); batch workers: ${r.models[0]?.workers}.`,
    '',
    `| model: CPU time of one ${rows}-row batch, median | Formcast: every browser process, next batch | pandas + the model's library (its process, every thread) | Formcast uses |`,
    '|---|---|---|---|',
    ...r.models.map(
      (m) =>
        `| ${m.id} | ${fmt(m.warmCpu.median, 0)} ms (${span(m.warmCpu)}) | ${fmt(m.peerCpu.median, 0)} ms (${span(m.peerCpu)}) | ${fmt(m.warmCpu.median / m.peerCpu.median, 2)}× the peer's CPU time |`,
    ),
    '',
    `| model: the page's main thread, traced next batches | tasks | longest task: wall (its CPU time) | most CPU in one task | tasks ≥ 50 ms: by wall / by CPU time | main thread's CPU time per batch, median |`,
    '|---|---|---|---|---|---|',
    ...r.models.map(
      ({ id, mainThread: t }) =>
        `| ${id} (${t.batches} batches) | ${t.tasks} | ${fmt(t.longestWallMs, 0)} ms (${fmt(t.longestWallCpuMs, 0)} ms) | ${fmt(t.longestCpuMs, 0)} ms | ${t.over50Wall} / ${t.over50Cpu} | ${fmt(t.cpuMs, 0)} ms |`,
    ),
    '',
    `| ${r.id}, ${rows} rows: memory | median | range |`,
    '|---|---|---|',
    `| peak memory: renderer process (page + workers + WASM) | ${mib(r.rendererPeak.median)} | ${mib(r.rendererPeak.min)}–${mib(r.rendererPeak.max)} |`,
    `| peak memory: browser process (holds the Blobs) | ${mib(r.browserPeak.median)} | ${mib(r.browserPeak.min)}–${mib(r.browserPeak.max)} |`,
    `| peak JS heap of the main thread | ${mib(r.mainHeapPeak)} | |`,
  ];
  for (const m of r.models) {
    const { workers, totals } = m.profile;
    lines.push(
      '',
      `| ${m.id}: one profiled batch, self time by category, summed over ${workers} ${workers === 1 ? 'worker' : 'workers'} | ms | share |`,
      '|---|---|---|',
      ...Object.entries(totals)
        .sort((a, b) => b[1] - a[1])
        .map(
          ([what, ms]) => `| ${what} | ${fmt(ms, 0)} | ${fmt((ms / total(totals)) * 100, 0)} % |`,
        ),
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printBatch(await runBatch()));
}
