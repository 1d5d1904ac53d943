// Scenario "models": every model of models/index.json through the same paths: one prediction
// through the public API (p50/p99 over golden inputs), typing in the form, and the model files'
// sizes. Every model's CSV batch is the batch scenario's (bench/batch.mjs). The drug model's
// detailed figures are the other scenarios'. Run alone: node bench/models.mjs
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { typingCost } from './latency.mjs';
import { dist, fmt, launchBrowser, root, serveDist, summarise } from './lib.mjs';

const CALLS = Number(process.env.BENCH_MODEL_CALLS ?? 1000);
const WARMUP = 100;
// BENCH_MODELS=hr,house measures a subset.
const ONLY = process.env.BENCH_MODELS?.split(',');
const KEYSTROKES = Number(process.env.BENCH_MODEL_INPUTS ?? 200);

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
  const results = [];
  const load = [loadavg()[0]];
  try {
    for (const entry of index.models.filter((m) => !ONLY || ONLY.includes(m.id))) {
      const dir = join(dist, 'models', entry.path);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const golden = JSON.parse(
        readFileSync(join(root, 'public/models', entry.path, 'golden.json'), 'utf8'),
      );
      const inputs = golden.rows.map((r) => r.inputs);
      // The keystroke scenario types into the first required number input, on its step grid.
      const typed = manifest.inputs.find((i) => i.type === 'number' && !i.optional);
      const decimals = (String(typed.step).split('.')[1] ?? '').length;
      const span = Math.round((typed.max - typed.min) / typed.step);
      const typedValues = Array.from({ length: 50 }, (_, k) =>
        Number((typed.min + Math.round((k * span) / 49) * typed.step).toFixed(decimals)),
      ).filter((v, k, all) => all.indexOf(v) === k);
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}?model=${entry.id}`);
        const latency = await page.evaluate(
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
        await page.waitForFunction(() =>
          document
            .querySelector('formcast-app')
            ?.shadowRoot?.querySelector('formcast-predictor')
            ?.shadowRoot?.querySelector('formcast-result'),
        );
        const typing = await typingCost(page, {
          name: typed.name,
          values: typedValues,
          inputs: KEYSTROKES,
        });
        results.push({
          id: entry.id,
          task: manifest.task,
          inputs: manifest.inputs.length,
          latency: summarise(latency),
          typedInput: typed.name,
          closedPainted: summarise(typing.closed.toPainted),
          openPainted: summarise(typing.open.toPainted),
          files: fileSizes(dir, manifest),
        });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  load.push(loadavg()[0]);
  return { calls: CALLS, models: results, load };
}

export function printModels(r) {
  const kb = (b) => `${fmt(b / 1024, 1)} KB`;
  return [
    `Load average during the per-model runs: ${(r.load ?? []).map((l) => l.toFixed(1)).join(' → ')}.`,
    '',
    `| model (task, inputs) | API predict p50 / p99 (n=${r.calls}) | model files (raw / brotli) |`,
    '|---|---|---|',
    ...r.models.map(
      (m) =>
        `| ${m.id} (${m.task}, ${m.inputs}) | ${fmt(m.latency.median, 3)} / ${fmt(m.latency.p99, 3)} ms | ${m.files.map((f) => `${f.file} ${kb(f.bytes)} / ${kb(f.brotli)}`).join('; ')} |`,
    ),
    '',
    `| model: typing in a number field (n=${r.models[0]?.closedPainted.n ?? 0} each) | input → painted, explain closed: median / p95 | explain open: median / p95 (target: median ≤ 16.7 ms, one frame) | added by the open explain views, median |`,
    '|---|---|---|---|',
    ...r.models.map(
      (m) =>
        `| ${m.id} (${m.typedInput}) | ${fmt(m.closedPainted.median, 1)} / ${fmt(m.closedPainted.p95, 1)} ms | ${fmt(m.openPainted.median, 1)} / ${fmt(m.openPainted.p95, 1)} ms ${m.openPainted.median <= 16.7 ? '✓' : '✗'} | ${fmt(m.openPainted.median - m.closedPainted.median, 1)} ms |`,
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printModels(await runModels()));
}
