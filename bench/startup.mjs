// Scenario "start-up": navigation → first prediction rendered, with an empty cache (fresh browser
// profile), on a warm reload and on an offline reload; and the bytes a first visit transfers,
// counted as a host serving brotli would send them. Run alone: node bench/startup.mjs
import { readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dist, fmt, launchBrowser, serveDist, summarise } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LINK = '?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14';

// Stamps the first frame after the first prediction, in ms since navigation start.
const stampFirstPrediction = () => {
  document.addEventListener(
    'formcast-predict',
    () => requestAnimationFrame(() => (window.__firstPrediction = performance.now())),
    { once: true },
  );
};

async function timeNavigation(page, navigate) {
  await navigate();
  await page.waitForFunction(() => window.__firstPrediction !== undefined, null, {
    timeout: 20_000,
  });
  return page.evaluate(() => window.__firstPrediction);
}

function compressedSize(path) {
  const bytes = readFileSync(path);
  return {
    raw: statSync(path).size,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export async function runStartup() {
  const server = await serveDist();
  const browser = await launchBrowser();
  const cold = [];
  const warm = [];
  const offline = [];
  let transfer;
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      await context.addInitScript(stampFirstPrediction);
      const page = await context.newPage();
      const paths = new Set();
      page.on('requestfinished', (r) => paths.add(new URL(r.url()).pathname));
      cold.push(await timeNavigation(page, () => page.goto(server.url + LINK)));
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
      warm.push(await timeNavigation(page, () => page.reload()));
      await context.setOffline(true);
      offline.push(await timeNavigation(page, () => page.reload()));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    cold: summarise(cold),
    warm: summarise(warm),
    offline: summarise(offline),
    transfer,
  };
}

export function printStartup(r) {
  const row = (name, s, target) =>
    `| ${name} | ${fmt(s.median, 0)} ms | ${fmt(s.p95, 0)} ms | ${fmt(s.min, 0)}–${fmt(s.max, 0)} ms | ${target} |`;
  return [
    '| start-up scenario | median | p95 | range | target |',
    '|---|---|---|---|---|',
    row(`cold start, empty cache → first prediction rendered (n=${r.cold.n})`, r.cold, '≤ 500 ms'),
    row(`warm reload → first prediction (n=${r.warm.n})`, r.warm, '≤ 250 ms'),
    row(`offline reload → first prediction (n=${r.offline.n})`, r.offline, '≤ 250 ms'),
    `| first-visit transfer, ${r.transfer.files} files | ${(r.transfer.brotli / 1e6).toFixed(2)} MB brotli | ${(r.transfer.gzip / 1e6).toFixed(2)} MB gzip | ${(r.transfer.raw / 1e6).toFixed(2)} MB raw | ≤ 2.5 MB |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(printStartup(await runStartup()));
}
