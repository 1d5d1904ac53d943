// Scenario "engines": the batch scenario's 1M-row drug CSV, with bad rows planted, scored outside
// the browser by formcast.score() (pandas), the `formcast score` command (DuckDB), the DuckDB SQL
// function and Spark (local[2]), next to pandas + scikit-learn in the same run and the tab's
// figure. The 1M-row checks live here, not in npm test: exactly 1M rows out of DuckDB and Spark,
// in order, with the planted rows' browser messages (bench/engines.py fails the scenario if not).
// Runs alone: `node bench/engines.mjs`, which also puts its table into docs/scoring.md
// (BENCH_BATCH_ROWS=200000 for a quicker look, written nowhere).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDrugCsv } from './batch.mjs';
import { fmt, root } from './lib.mjs';

const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 3);

/** The tab's figure: this run's batch scenario, else the last full run's (with its date). */
function tabFigure(results) {
  if (results?.batch) return { ...results.batch.warm, rows: results.batch.rows, date: 'this run' };
  const path = new URL('results.json', import.meta.url);
  if (!existsSync(path)) return undefined;
  const last = JSON.parse(readFileSync(path, 'utf8'));
  return last.batch && { ...last.batch.warm, rows: last.batch.rows, date: last.date.slice(0, 10) };
}

export async function runEngines(results) {
  const dir = mkdtempSync(join(tmpdir(), 'formcast-engines-'));
  try {
    const file = join(dir, 'drugs-1m.csv');
    await writeDrugCsv(file, ROWS);
    const load = loadavg()[0];
    const output = execFileSync(
      'bash',
      ['scripts/python.sh', 'bench/engines.py', file, '--runs', String(RUNS)],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    const measured = JSON.parse(output.trim().split('\n').pop());
    return { ...measured, tab: tabFigure(results), load: [load, loadavg()[0]] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printEngines(r) {
  const peer = r.rows / r.peer.median;
  const row = (name, timedWhat, s, cpu = true) => {
    const seconds = s.ms ? s.median / 1000 : s.median;
    const rate = r.rows / seconds;
    const hasCpu = cpu && s.cpu !== undefined;
    const cpuCell = hasCpu ? `${fmt(s.cpu, 2)} s` : '';
    const cpuRatio = hasCpu ? `${fmt(r.peer.cpu / s.cpu, 2)}×` : '';
    return `| ${name} | ${timedWhat} | ${fmt(seconds, 2)} s | ${cpuCell} | ${fmt(rate / 1e6, 2)} M | ${fmt(rate / peer, 2)}× | ${cpuRatio} |`;
  };
  const lines = [
    `| engine: ${(r.rows / 1e6).toLocaleString('en')}M-row drug CSV (${fmt(r.bytes / 1e6, 1)} MB, ${r.planted} bad rows planted), median of ${r.peer.n} | timed | wall | CPU | rows/s (wall) | vs pandas + scikit-learn, wall | … CPU |`,
    '|---|---|---|---|---|---|---|',
  ];
  if (r.tab) {
    lines.push(
      row(
        `browser tab, next batch (${r.tab.date})`,
        'file chosen → download ready',
        { ...r.tab, ms: true, median: (r.tab.median * r.rows) / r.tab.rows },
        false,
      ),
    );
  }
  lines.push(
    row('pandas + scikit-learn (the peer)', 'read_csv → predict_proba → to_csv', r.peer),
    row('`formcast.score()` on pandas', 'read_csv (text) → score → to_csv', r.score_pandas),
    row('`formcast.score()` alone', 'in-memory frame → prediction columns', r.score_only),
    row('`formcast score` (DuckDB)', "CSV → the browser's scored CSV", r.duckdb_cli),
    ...(r.duckdb_cli_malformed
      ? [
          row(
            '`formcast score`, one short row',
            "CSV → the browser's scored CSV, read as the browser reads it",
            r.duckdb_cli_malformed,
          ),
        ]
      : []),
    row('DuckDB SQL function', 'SELECT predict_drug(…) over read_csv', r.duckdb_udf),
  );
  if (r.spark) {
    lines.push(
      row('Spark local[2], first job', 'read.csv → score → write Parquet', r.spark.first, false),
      row('Spark local[2], next jobs', 'read.csv → score → write Parquet', r.spark.next, false),
      `| Spark session start (not in the rows/s) | SparkSession.getOrCreate | ${fmt(r.spark.session_seconds, 1)} s | | | | |`,
    );
  }
  lines.push(
    '',
    `Checked on the same file: \`formcast score\` (DuckDB) and Spark each wrote ${r.rows.toLocaleString('en')} rows in the input's order, the ${r.planted} planted rows with the browser's messages; the SQL function counted the same errors. Load average ${fmt(r.load[0], 1)} before, ${fmt(r.load[1], 1)} after, on 2 shared cores: wall times follow the load, the CPU seconds (this Python process, all its threads) much less; Spark works in its JVM, so it has wall times only.`,
  );
  return lines.join('\n');
}

/** Puts the table into docs/scoring.md, between its engines markers, with the date. */
export function writeEnginesDoc(markdown) {
  const doc = new URL('../docs/scoring.md', import.meta.url);
  const text = readFileSync(doc, 'utf8');
  const start = '<!-- engines:start -->';
  const end = '<!-- engines:end -->';
  if (!text.includes(start) || !text.includes(end)) return;
  const dated = `Measured ${new Date().toISOString().slice(0, 10)}:\n\n${markdown}`;
  const before = text.slice(0, text.indexOf(start) + start.length);
  writeFileSync(doc, `${before}\n${dated}\n${text.slice(text.indexOf(end))}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const markdown = printEngines(await runEngines());
  if (!process.env.BENCH_BATCH_ROWS) writeEnginesDoc(markdown);
  console.log(markdown);
}
