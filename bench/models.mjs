// Scenario "models": every model of models/index.json through the same paths: one prediction
// through the public API (p50/p99 over golden inputs), a CSV batch through the page's "Score a
// CSV file" element (rows made by cycling the model's golden inputs, empty optional fields left
// empty), and the model files' sizes. The drug model's detailed figures are the other scenarios'.
// Run alone: node bench/models.mjs
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { observeMainThread, scoreOnce } from './batch.mjs';
import { typingCost } from './latency.mjs';
import { dist, fmt, launchBrowser, root, serveDist, summarise } from './lib.mjs';

const CALLS = Number(process.env.BENCH_MODEL_CALLS ?? 1000);
const WARMUP = 100;
const ROWS = Number(process.env.BENCH_MODEL_ROWS ?? 200_000);
const RUNS = Number(process.env.BENCH_MODEL_RUNS ?? 3);
// BENCH_MODELS=hr,house measures a subset.
const ONLY = process.env.BENCH_MODELS?.split(',');
const KEYSTROKES = Number(process.env.BENCH_MODEL_INPUTS ?? 200);

const csvCell = (v) =>
  v === null || v === undefined
    ? ''
    : /[",\n]/.test(String(v))
      ? `"${String(v).replaceAll('"', '""')}"`
      : String(v);

async function writeCsv(path, columns, inputs, rows) {
  const out = createWriteStream(path);
  out.write(`${columns.join(',')}\n`);
  const lines = inputs.map((row) => `${columns.map((c) => csvCell(row[c])).join(',')}\n`);
  for (let i = 0; i < rows;) {
    let chunk = '';
    for (let j = 0; j < 10_000 && i < rows; j++, i++) chunk += lines[i % lines.length];
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function fileSizes(dir, manifest) {
  const files = [manifest.model.file, manifest.model.numeric?.file].filter(Boolean);
  return files.map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, bytes: bytes.length, brotli: brotliCompressSync(bytes).length };
  });
}

export async function runModels() {
  const index = JSON.parse(readFileSync(join(dist, 'models/index.json'), 'utf8'));
  const server = await serveDist();
  const tmp = mkdtempSync(join(tmpdir(), 'formcast-bench-models-'));
  const results = [];
  try {
    for (const entry of index.models.filter((m) => !ONLY || ONLY.includes(m.id))) {
      const dir = join(dist, 'models', entry.path);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const golden = JSON.parse(
        readFileSync(join(root, 'public/models', entry.path, 'golden.json'), 'utf8'),
      );
      const inputs = golden.rows.map((r) => r.inputs);
      const columns = manifest.inputs.map((i) => i.name);
      const csv = join(tmp, `${entry.id}.csv`);
      await writeCsv(csv, columns, inputs, ROWS);

      const latency = [];
      const batches = [];
      let typing;
      // The keystroke scenario types into the first required number input, on its step grid.
      const typed = manifest.inputs.find((i) => i.type === 'number' && !i.optional);
      const decimals = (String(typed.step).split('.')[1] ?? '').length;
      const span = Math.round((typed.max - typed.min) / typed.step);
      const typedValues = Array.from({ length: 50 }, (_, k) =>
        Number((typed.min + Math.round((k * span) / 49) * typed.step).toFixed(decimals)),
      ).filter((v, k, all) => all.indexOf(v) === k);
      for (let run = 0; run < RUNS; run++) {
        const browser = await launchBrowser();
        try {
          const page = await browser.newPage();
          await page.addInitScript(observeMainThread);
          await page.goto(`${server.url}?model=${entry.id}`);
          if (run === 0) {
            const times = await page.evaluate(
              async ({ path, rows, calls, warmup }) => {
                const { createPredictor } = await import('./embed/api.js');
                const predictor = createPredictor(`models/${path}`);
                await predictor.load();
                const out = [];
                for (let i = 0; i < warmup + calls; i++) {
                  const t0 = performance.now();
                  await predictor.predict(rows[i % rows.length]);
                  if (i >= warmup) out.push(performance.now() - t0);
                }
                predictor.dispose();
                return out;
              },
              { path: entry.path, rows: inputs, calls: CALLS, warmup: WARMUP },
            );
            latency.push(...times);
            await page.waitForFunction(() =>
              document
                .querySelector('formcast-app')
                ?.shadowRoot?.querySelector('formcast-predictor')
                ?.shadowRoot?.querySelector('formcast-result'),
            );
            typing = await typingCost(page, {
              name: typed.name,
              values: typedValues,
              inputs: KEYSTROKES,
            });
          }
          await page.locator('formcast-batch input[type="file"]').waitFor({ state: 'attached' });
          await scoreOnce(page, csv, 1);
          const warm = await scoreOnce(page, csv, 2);
          const expected = `${ROWS.toLocaleString('en')} rows: ${ROWS.toLocaleString('en')} scored`;
          if (!warm.summary.startsWith(expected)) {
            throw new Error(`${entry.id}: unexpected batch result: ${warm.summary}`);
          }
          batches.push(warm);
          console.log(`  ${entry.id} run ${run + 1}: batch ${fmt(warm.ms, 0)} ms`);
        } finally {
          await browser.close();
        }
      }
      results.push({
        id: entry.id,
        task: manifest.task,
        inputs: columns.length,
        csvBytes: statSync(csv).size,
        latency: summarise(latency),
        batch: summarise(batches.map((b) => b.ms)),
        longestTaskMs: Math.max(...batches.map((b) => b.longestTask)),
        typedInput: typed.name,
        closedPainted: summarise(typing.closed.toPainted),
        openPainted: summarise(typing.open.toPainted),
        files: fileSizes(dir, manifest),
      });
    }
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  return { rows: ROWS, calls: CALLS, models: results };
}

export function printModels(r) {
  const kb = (b) => `${fmt(b / 1024, 1)} KB`;
  return [
    `| model (task, inputs) | API predict p50 / p99 (n=${r.calls}) | ${r.rows.toLocaleString('en')}-row CSV → download ready, median (range) | rows/s | longest main-thread task | model files (raw / brotli) |`,
    '|---|---|---|---|---|---|',
    ...r.models.map(
      (m) =>
        `| ${m.id} (${m.task}, ${m.inputs}) | ${fmt(m.latency.median, 3)} / ${fmt(m.latency.p99, 3)} ms | ${fmt(m.batch.median, 0)} ms (${fmt(m.batch.min, 0)}–${fmt(m.batch.max, 0)}), ${fmt(m.csvBytes / 1e6, 1)} MB | ${fmt(r.rows / (m.batch.median / 1000) / 1e6, 2)} M | ${fmt(m.longestTaskMs, 0)} ms | ${m.files.map((f) => `${f.file} ${kb(f.bytes)} / ${kb(f.brotli)}`).join('; ')} |`,
    ),
    '',
    `| model: typing in a number field (n=${r.models[0]?.closedPainted.n ?? 0} each) | input → painted, explain closed: median / p95 | explain open: median / p95 | added by the open explain views, median |`,
    '|---|---|---|---|',
    ...r.models.map(
      (m) =>
        `| ${m.id} (${m.typedInput}) | ${fmt(m.closedPainted.median, 1)} / ${fmt(m.closedPainted.p95, 1)} ms | ${fmt(m.openPainted.median, 1)} / ${fmt(m.openPainted.p95, 1)} ms | ${fmt(m.openPainted.median - m.closedPainted.median, 1)} ms |`,
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printModels(await runModels()));
}
