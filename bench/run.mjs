// `npm run bench`: builds the site, runs every benchmark scenario against dist/ served on
// loopback in headless Chromium, prints one Markdown table, writes bench/results.json and
// bench/results.md, and puts the table into docs/benchmarks.md between its bench markers.
// Exits non-zero only when a scenario could not run. BENCH_ONLY=startup,codecache,latency runs a subset.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { measure } from '../scripts/check-size.mjs';
import { ensureNodeDeps } from '../scripts/ensure-node-deps.mjs';
import { dist, root } from './lib.mjs';

ensureNodeDeps();
if (!process.env.FORMCAST_DIST)
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const only = process.env.BENCH_ONLY?.split(',');
const wanted = (name) => !only || only.includes(name);
const chromium = execFileSync(
  'sh',
  [
    '-c',
    '"$(node -e "import(\'./scripts/find-chromium.mjs\').then(m=>console.log(m.findChromium()))")" --version',
  ],
  {
    cwd: root,
    encoding: 'utf8',
  },
).trim();
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${chromium} headless`;

const results = { machine, date: new Date().toISOString() };
const sections = [];
const scenarios = [
  ['startup', './startup.mjs', 'runStartup', 'printStartup'],
  ['codecache', './code-cache.mjs', 'runCodeCache', 'printCodeCache'],
  ['latency', './latency.mjs', 'runLatency', 'printLatency'],
  ['batch', './batch.mjs', 'runBatch', 'printBatch'],
  ['models', './models.mjs', 'runModels', 'printModels'],
  ['engines', './engines.mjs', 'runEngines', 'printEngines'],
  ['export', './export.mjs', 'runExport', 'printExport'],
];
let failed = false;
for (const [name, module, runName, printName] of scenarios) {
  if (!wanted(name)) continue;
  if (!existsSync(new URL(module, import.meta.url))) continue;
  console.log(`› ${name}…`);
  try {
    const scenario = await import(module);
    // Earlier scenarios' results: "engines" sets its rows/s next to this run's batch figure.
    results[name] = await scenario[runName](results);
    sections.push(scenario[printName](results[name]));
    if (name === 'engines' && !only) scenario.writeEnginesDoc(sections.at(-1));
    if (name === 'export' && !only) scenario.writeExportDoc(sections.at(-1));
  } catch (error) {
    failed = true;
    console.error(
      `Scenario ${name} could not run: ${error instanceof Error ? error.stack : error}`,
    );
  }
}
if (wanted('size')) {
  const size = measure(dist);
  results.size = {
    appCodeGzip: size.appCodeGzip,
    firstVisitBrotli: size.firstVisitBrotli,
    firstVisitGzip: size.firstVisitGzip,
    offlineInstallBrotli: size.offlineInstallBrotli,
  };
  sections.push(
    [
      '| size | figure | target |',
      '|---|---|---|',
      `| app code excluding the ONNX runtime, gzip | ${(size.appCodeGzip / 1024).toFixed(1)} KB | ≤ 60 KB |`,
      `| first visit, as a brotli host sends it | ${(size.firstVisitBrotli / 1e6).toFixed(2)} MB (gzip ${(size.firstVisitGzip / 1e6).toFixed(2)} MB) | ≤ 2.5 MB |`,
      `| whole site offline (service-worker precache: every model, embed, lazy chunks), brotli | ${(size.offlineInstallBrotli / 1e6).toFixed(2)} MB | report |`,
    ].join('\n'),
  );
}

const markdown = [
  `Measured ${results.date.slice(0, 10)} on ${machine}.`,
  '',
  sections.join('\n\n'),
].join('\n');
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL('results.md', import.meta.url), `${markdown}\n`);
if (!only) {
  const readme = new URL('../docs/benchmarks.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (text.includes(start) && text.includes(end)) {
    const before = text.slice(0, text.indexOf(start) + start.length);
    const after = text.slice(text.indexOf(end));
    writeFileSync(readme, `${before}\n${markdown}\n${after}`);
  }
}
console.log(`\n${markdown}`);
process.exit(failed ? 1 : 0);
