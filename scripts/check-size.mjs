// Bundle-size budget, run by `npm test` after the build: walks what a first visit to the site
// loads (index.html → scripts, styles, imports, the worker and what it loads, the models) and
// fails when a budget is exceeded. `node scripts/check-size.mjs [distDir] [--json]`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGETS = {
  /** Everything but the ONNX runtime (its wasm and its JS), gzip. */
  appCodeGzip: 60 * 1024,
  /** All a first visit downloads, as a host serving brotli sends it. */
  firstVisitBrotli: 2.5 * 1000 * 1000,
};

const isRuntime = (file) => /ort-wasm|onnxruntime-web/.test(file);

/** Files a first visit loads, found by following references from index.html. */
export function firstVisitFiles(dist) {
  const seen = new Set();
  const queue = ['index.html', 'models/index.json'];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    const text = /\.(html|js|mjs|css|json)$/.test(file)
      ? readFileSync(join(dist, file), 'utf8')
      : '';
    const refs = [
      ...text.matchAll(/(?:src|href)="([^"]+)"/g),
      // Static imports only: a dynamic import() loads when its feature is used, not on arrival.
      ...text.matchAll(/(?:from|import)\s*["'`]([^"'`]+\.(?:js|mjs|css))["'`]/g),
      ...text.matchAll(/new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url/g),
    ].map((m) => m[1]);
    for (const ref of refs) {
      if (/^(https?:|data:|blob:|#)/.test(ref)) continue;
      queue.push(normalize(join(dirname(file), ref.replace(/^\//, ''))));
    }
    // The site shows the first model listed in the index: its manifest and the model file the
    // browser loads (the numeric variant when there is one).
    if (file === 'models/index.json') {
      const first = JSON.parse(text).models?.[0];
      if (first) {
        const manifestPath = join('models', first.path, 'manifest.json');
        queue.push(manifestPath);
        if (existsSync(join(dist, manifestPath))) {
          queue.push(
            join(
              'models',
              first.path,
              ((model) => model.numeric?.file ?? model.file)(
                JSON.parse(readFileSync(join(dist, manifestPath), 'utf8')).model,
              ),
            ),
          );
        }
      }
    }
  }
  return [...seen].map((file) => relative('.', file));
}

// Brotli at quality 11 takes ≈ 30 s for the 14 MB runtime, which never changes between builds:
// compressed sizes are cached by content hash.
const cacheFile = fileURLToPath(
  new URL('../node_modules/.cache/formcast-sizes.json', import.meta.url),
);

function compressedSizes(bytes, cache) {
  const key = createHash('sha256').update(bytes).digest('hex');
  cache[key] ??= {
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  return cache[key];
}

/**
 * Everything the service worker downloads to make the whole site work offline (every model,
 * the embed bundle, lazy chunks), read from the precache list in sw.js: reported, not budgeted,
 * since it happens after the first prediction and in the background.
 */
export function precacheFiles(dist) {
  if (!existsSync(join(dist, 'sw.js'))) return [];
  const text = readFileSync(join(dist, 'sw.js'), 'utf8');
  return [...new Set([...text.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]))].filter((file) =>
    existsSync(join(dist, file)),
  );
}

export function measure(dist) {
  let cache = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  } catch {
    // first run: nothing cached yet
  }
  const files = firstVisitFiles(dist).map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, ...compressedSizes(bytes, cache), runtime: isRuntime(file) };
  });
  const offline = [...new Set([...firstVisitFiles(dist), ...precacheFiles(dist)])].map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, ...compressedSizes(bytes, cache) };
  });
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(cache));
  const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
  const app = files.filter((f) => !f.runtime && /\.(js|mjs|css|html)$/.test(f.file));
  return {
    files,
    appCodeGzip: sum(app, 'gzip'),
    firstVisitBrotli: sum(files, 'brotli'),
    firstVisitGzip: sum(files, 'gzip'),
    firstVisitRaw: sum(files, 'raw'),
    offlineInstallBrotli: sum(offline, 'brotli'),
    offlineInstallFiles: offline.length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist =
    process.argv[2] && !process.argv[2].startsWith('--')
      ? process.argv[2]
      : fileURLToPath(new URL('../dist', import.meta.url));
  const m = measure(dist);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(m, null, 2));
  } else {
    for (const f of m.files) {
      console.log(
        `${f.file.padEnd(52)} ${String(f.raw).padStart(9)} B  gzip ${String(f.gzip).padStart(8)}  brotli ${String(f.brotli).padStart(8)}${f.runtime ? '  (runtime)' : ''}`,
      );
    }
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
  const checks = [
    ['app code excluding the ONNX runtime, gzip', m.appCodeGzip, BUDGETS.appCodeGzip, kb],
    ['first visit, brotli', m.firstVisitBrotli, BUDGETS.firstVisitBrotli, mb],
  ];
  console.log(
    `info  whole site offline (service worker precache, ${m.offlineInstallFiles} files), brotli: ${mb(m.offlineInstallBrotli)}`,
  );
  let failed = false;
  for (const [name, value, budget, show] of checks) {
    const ok = value <= budget;
    failed ||= !ok;
    console.log(`${ok ? 'ok  ' : 'OVER'}  ${name}: ${show(value)} (budget ${show(budget)})`);
  }
  process.exit(failed ? 1 : 0);
}
