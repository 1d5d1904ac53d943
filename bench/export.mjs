// Scenario "export": `formcast export` as a data scientist runs it (bench/export.py), without and
// with cross-validation, for a 100-tree LightGBM on the 14,999-row HR data and for the drug tree,
// next to plain skl2onnx converting the same pickle in the same run (the peer: no checks at all);
// and the size of the wheel `npm run package` builds. Runs alone: `node bench/export.mjs`, which
// also puts its table into docs/python.md (BENCH_EXPORT_RUNS=1 for a quicker look).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fmt, root } from './lib.mjs';

const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 3);

export async function runExport() {
  const load = loadavg()[0];
  const output = execFileSync(
    'bash',
    ['scripts/python.sh', 'bench/export.py', '--runs', String(RUNS)],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const measured = JSON.parse(output.trim().split('\n').pop());
  execFileSync('node', ['scripts/package.mjs', '--no-build'], { cwd: root, stdio: 'ignore' });
  const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  const wheel = statSync(`${root}dist/packages/formcast-${version}-py3-none-any.whl`).size;
  return { ...measured, wheelBytes: wheel, load: [load, loadavg()[0]] };
}

export function printExport(r) {
  const s = (x) => `${fmt(x.median, 2)} s (${fmt(x.min, 2)}–${fmt(x.max, 2)})`;
  const lines = [
    `| \`formcast export\`, a fresh process each, median of ${r.runs} (range) | rows × inputs | | without cross-validation | with 5-fold cross-validation | plain skl2onnx, no checks (peer) | export ÷ peer, CPU | golden rows | model.onnx |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const names = { hr: 'HR attrition: LightGBM, 100 trees', drug: 'drug: decision tree' };
  for (const [id, m] of Object.entries(r.models)) {
    const ratio = `${fmt(m.plainCpu.median / m.peerCpu.median, 2)}× / ${fmt(m.cvCpu.median / m.peerCpu.median, 2)}×`;
    const size = `${m.goldenRows} | ${fmt(m.modelBytes / 1024, 1)} KB`;
    const rows = `${m.rows.toLocaleString('en')} × ${m.columns}`;
    lines.push(
      `| ${names[id] ?? id} | ${rows} | wall | ${s(m.plain)} | ${s(m.cv)} | ${s(m.peer)} | ${ratio} | ${size} |`,
      `| | | CPU | ${s(m.plainCpu)} | ${s(m.cvCpu)} | ${s(m.peerCpu)} | | | |`,
      `| | | the export itself (after start-up and imports) | ${s(m.plainInside)} | ${s(m.cvInside)} | | | | |`,
    );
  }
  lines.push(
    '',
    `Wheel (\`npm run package\`): ${fmt(r.wheelBytes / 1e6, 2)} MB. Load average ${fmt(r.load[0], 1)} → ${fmt(r.load[1], 1)} during the run (2 cores, shared): the CPU seconds are the figures that hold; wall time grows with the load.`,
  );
  return lines.join('\n');
}

/** Puts the table into docs/python.md, between its export-bench markers, with the date. */
export function writeExportDoc(markdown) {
  const doc = new URL('../docs/python.md', import.meta.url);
  const text = readFileSync(doc, 'utf8');
  const start = '<!-- export-bench:start -->';
  const end = '<!-- export-bench:end -->';
  if (!text.includes(start) || !text.includes(end)) return;
  const dated = `Measured ${new Date().toISOString().slice(0, 10)}:\n\n${markdown}`;
  const before = text.slice(0, text.indexOf(start) + start.length);
  writeFileSync(doc, `${before}\n${dated}\n${text.slice(text.indexOf(end))}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const markdown = printExport(await runExport());
  if (RUNS >= 3) writeExportDoc(markdown);
  console.log(markdown);
}
