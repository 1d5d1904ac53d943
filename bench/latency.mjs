// Scenarios "single prediction" and "input → result": the cost of one prediction through the
// public API (call → result, main thread → worker → onnxruntime-web → back), and of one input
// event in the form until the result is in the DOM, with the "Why this prediction?" section
// closed and then open (what the explain views add per keystroke). The page is cross-origin
// isolated so timers have 5 µs resolution. Run alone: node bench/latency.mjs
import { loadavg } from 'node:os';
import { fmt, launchBrowser, serveDist, summarise } from './lib.mjs';
import { serverPeerModel, startServerPeer } from './server-peer.mjs';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const INPUTS = Number(process.env.BENCH_INPUTS ?? 500);
const WARMUP = 200;
/** The rows asked of the API and of the server peer, in turn. */
const ROWS = [
  { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
  { Age: 60, Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 },
  { Age: 23, Sex: 'M', BP: 'NORMAL', Cholesterol: 'NORMAL', Na_to_K: 9.5 },
];
const SERVER_CALLS = Number(process.env.BENCH_SERVER_CALLS ?? 1000);

/**
 * What "Why this prediction?" adds per keystroke: `inputs` input events in the number field
 * `name` of the app's widget (cycling through `values`), first with the section closed, then open.
 * "Laid out": the clock stops after a forced layout, so style and layout of what changed are
 * counted. "Painted": plus the main-thread time of the next frame (its rAF callback to the task
 * after its paint), without the wait for that frame to start, which depends on vsync, not on us.
 * Open, a keystroke also updates the decision path and the what-if views in or near the viewport
 * (one predictBatch, charts redrawn; the typed input's chart is scrolled into view first). Each
 * keystroke waits for its frame, as typing at a human pace does.
 */
export function typingCost(page, { name, values, inputs, warmup = 50 }) {
  return page.evaluate(
    async ({ inputs, warmup, name, values }) => {
      const widget = document
        .querySelector('formcast-app')
        .shadowRoot.querySelector('formcast-predictor');
      const root = widget.shadowRoot;
      const field =
        root.querySelector(`formcast-field input[name="${name}"]`) ??
        [...root.querySelectorAll('formcast-field')]
          .map((f) => f.shadowRoot.querySelector(`input[name="${name}"]`))
          .find(Boolean);
      const result = () => root.querySelector('formcast-result');
      const layout = () => document.documentElement.getBoundingClientRect();
      const paintTime = () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => {
            const start = performance.now();
            setTimeout(() => resolve(performance.now() - start), 0);
          }),
        );
      let explain;
      const shown = () =>
        explain.shadowRoot.querySelector(`figure[data-input="${name}"]`)?.dataset.current;
      async function type(open) {
        const toResult = [];
        const toPainted = [];
        for (let i = 0; i < warmup + inputs; i++) {
          const value = String(values[i % values.length]);
          const predicted = new Promise((resolve) =>
            widget.addEventListener('formcast-predict', resolve, { once: true }),
          );
          const viewed = new Promise((resolve, reject) => {
            if (!open) return resolve();
            // A view that never shows the value would hang the run: fail it with a reason.
            const timer = setTimeout(
              () => reject(new Error(`the what-if view of ${name} never showed ${value}`)),
              10_000,
            );
            const check = () => {
              if (shown() !== value) return;
              explain.removeEventListener('what-if-rendered', check);
              clearTimeout(timer);
              resolve();
            };
            explain.addEventListener('what-if-rendered', check);
          });
          const t0 = performance.now();
          field.value = value;
          field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          await predicted;
          await widget.updateComplete;
          await result().updateComplete;
          layout();
          const t1 = performance.now();
          await viewed;
          layout();
          const t2 = performance.now();
          const paint = await paintTime();
          if (i >= warmup) {
            toResult.push(t1 - t0);
            toPainted.push(t2 - t0 + paint);
          }
        }
        return { toResult, toPainted };
      }
      const closed = await type(false);
      root.querySelector('details.explain > summary').click();
      explain = await new Promise((resolve) => {
        const poll = () => {
          const el = root.querySelector('formcast-explain');
          if (el?.shadowRoot?.querySelector(`figure[data-input="${name}"]`)) resolve(el);
          else requestAnimationFrame(poll);
        };
        poll();
      });
      // The typed input's chart in the middle of the viewport, as for a user watching it: a
      // keystroke redraws what is on screen, and a chart near the fold would come and go.
      explain.shadowRoot.querySelector(`figure[data-input="${name}"]`).scrollIntoView({
        block: 'center',
      });
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const open = await type(true);
      return { closed, open };
    },
    { inputs, warmup, name, values },
  );
}

export async function runLatency() {
  const load = [loadavg()[0]];
  const flask = await startServerPeer(serverPeerModel());
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14`);
    await page.locator('formcast-result [part="label"]').waitFor();
    const isolated = await page.evaluate(() => crossOriginIsolated);

    // The headless API, as an embedder uses it (same origin here, so no CORS in the way).
    const api = await page.evaluate(
      async ({ calls, warmup, rows }) => {
        const { createPredictor } = await import('./embed/api.js');
        const predictor = createPredictor('models/drug/');
        await predictor.load();
        const times = [];
        for (let i = 0; i < warmup + calls; i++) {
          const t0 = performance.now();
          await predictor.predict(rows[i % rows.length]);
          if (i >= warmup) times.push(performance.now() - t0);
        }
        predictor.dispose();
        return times;
      },
      { calls: CALLS, warmup: WARMUP, rows: ROWS },
    );

    // The form: set the Age field's text and fire `input`, as typing does; stop the clock when the
    // result element has rendered the prediction that input caused.
    const input = await page.evaluate(
      async ({ inputs, warmup }) => {
        const widget = document
          .querySelector('formcast-app')
          .shadowRoot.querySelector('formcast-predictor');
        const field =
          widget.shadowRoot.querySelector('formcast-field input[name="Age"]') ??
          [...widget.shadowRoot.querySelectorAll('formcast-field')]
            .map((f) => f.shadowRoot.querySelector('input[name="Age"]'))
            .find(Boolean);
        const result = () => widget.shadowRoot.querySelector('formcast-result');
        const times = [];
        for (let i = 0; i < warmup + inputs; i++) {
          const age = String(20 + (i % 50));
          const predicted = new Promise((resolve) =>
            widget.addEventListener('formcast-predict', resolve, { once: true }),
          );
          const t0 = performance.now();
          field.value = age;
          field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          await predicted;
          await widget.updateComplete;
          await result().updateComplete;
          const t1 = performance.now();
          if (i >= warmup) times.push(t1 - t0);
        }
        return times;
      },
      { inputs: INPUTS, warmup: 50 },
    );
    const explained = await typingCost(page, {
      name: 'Age',
      values: Array.from({ length: 50 }, (_, i) => 20 + i),
      inputs: INPUTS,
    });
    // The floor: a bare postMessage round trip to a worker that echoes, in the same page.
    const roundTrip = await page.evaluate(
      async ({ calls, warmup }) => {
        const echo = new Worker(
          URL.createObjectURL(
            new Blob(['onmessage = (e) => postMessage(e.data);'], { type: 'text/javascript' }),
          ),
        );
        const times = [];
        for (let i = 0; i < warmup + calls; i++) {
          const t0 = performance.now();
          await new Promise((resolve) => {
            echo.onmessage = resolve;
            echo.postMessage({ Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 });
          });
          if (i >= warmup) times.push(performance.now() - t0);
        }
        echo.terminate();
        return times;
      },
      { calls: CALLS, warmup: WARMUP },
    );
    // The peer: the page asks gunicorn + Flask on loopback for the same rows, as a front end
    // calls its prediction API (another origin: CORS, the preflight cached after the first call).
    const serverCall = await page.evaluate(
      async ({ url, calls, warmup, rows }) => {
        const times = [];
        for (let i = 0; i < warmup + calls; i++) {
          const t0 = performance.now();
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(rows[i % rows.length]),
          });
          const answer = await response.json();
          if (typeof answer.label !== 'string') throw new Error(`peer answered ${answer}`);
          if (i >= warmup) times.push(performance.now() - t0);
        }
        return times;
      },
      { url: flask.url, calls: SERVER_CALLS, warmup: 50, rows: ROWS },
    );
    load.push(loadavg()[0]);
    return {
      load,
      isolated,
      api: summarise(api),
      server: summarise(serverCall),
      input: summarise(input),
      explainClosedResult: summarise(explained.closed.toResult),
      explainOpenResult: summarise(explained.open.toResult),
      explainClosedPainted: summarise(explained.closed.toPainted),
      explainOpenPainted: summarise(explained.open.toPainted),
      roundTrip: summarise(roundTrip),
    };
  } finally {
    await browser.close();
    await server.close();
    await flask.close();
  }
}

export function printLatency(r) {
  const added = (q) => fmt(r.explainOpenPainted[q] - r.explainClosedPainted[q], 2);
  const row = (name, s, target) =>
    `| ${name} (n=${s.n}) | ${fmt(s.median, 3)} ms | ${fmt(s.p95, 3)} ms | ${fmt(s.p99, 3)} ms | ${target} |`;
  return [
    `Load average during the latency runs: ${r.load.map((l) => l.toFixed(1)).join(' → ')}.`,
    '',
    `| latency scenario${r.isolated ? '' : ' (timers coarse: not cross-origin isolated)'} | median | p95 | p99 | target |`,
    '|---|---|---|---|---|',
    row(
      'single prediction through the public API, call → result',
      r.api,
      `p50 ≤ 1.5 × the echo's (${fmt(1.5 * r.roundTrip.median, 3)} ms)`,
    ),
    row('input event in the form → result rendered', r.input, 'p50 ≤ 2 ms'),
    row(
      '"Why this prediction?" closed: input → result rendered and laid out',
      r.explainClosedResult,
      '(reference)',
    ),
    row('… open: input → result rendered and laid out', r.explainOpenResult, '(vs closed)'),
    row(
      '… closed: input → everything rendered, laid out and painted',
      r.explainClosedPainted,
      '(reference)',
    ),
    row(
      '… open: input → everything, decision path and what-if views included, painted',
      r.explainOpenPainted,
      'median ≤ 16.7 ms (one frame)',
    ),
    row(
      'floor: bare postMessage round trip to an echo worker, same page and run',
      r.roundTrip,
      '(reference)',
    ),
    row(
      "for comparison: the same rows from gunicorn + Flask on loopback, the page's fetch → answer",
      r.server,
      `Formcast's API p50: ${fmt(r.server.median / r.api.median, 1)} × faster, before any network`,
    ),
    '',
    `Single prediction through the public API, p50: ${fmt(r.api.median / r.roundTrip.median, 2)} × the echo round trip of the same run (target ≤ 1.5 ×; p99 ${fmt(r.api.p99 / r.roundTrip.p99, 2)} ×). Added per keystroke by the open explain views: ${added('median')} ms median, ${added('p95')} ms p95.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printLatency(await runLatency()));
}
