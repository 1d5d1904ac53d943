import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// The formcast wheel as a data scientist meets it: `npm run package` builds it from the current
// dist/, a fresh virtual environment installs it with pip (dependencies from PyPI by their
// version ranges; pip's cache keeps it quick), a script fits a model with that environment's own
// scikit-learn and pickles it, and the installed `formcast` command exports it, builds the site
// and serves it. Chromium then predicts the model, and predicts it again offline. The same
// environment has the engines' extras (`formcast[duckdb,spark]`: one venv, one pip call, pyspark's
// 457 MB wheel from pip's cache), which score the exported model through DuckDB and Spark.

const root = new URL('../../', import.meta.url);
const version = (
  JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }
).version;
const wheel = new URL(`dist/packages/formcast-${version}-py3-none-any.whl`, root);
// Budget for the wheel: the 14 MB runtime compresses to ≈ 3.7 MB, the app and package to little.
const MAX_WHEEL_BYTES = 6_000_000;

const TRAIN = `
import joblib, numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

rng = np.random.default_rng(1)
n = 300
frame = pd.DataFrame({
    "plan": rng.choice(["basic", "plus", "family"], n),
    "monthly fee (€)": np.round(rng.uniform(5, 60, n), 2),
    "months": rng.integers(1, 48, n).astype(float),
})
frame.loc[rng.random(n) < 0.1, "months"] = np.nan
frame["churned"] = np.where(frame["monthly fee (€)"] / frame["months"].fillna(12) > 2, "yes", "no")
frame.to_csv("customers.csv", index=False)
features = ColumnTransformer([
    ("plan", OneHotEncoder(), ["plan"]),
    ("fee", "passthrough", ["monthly fee (€)"]),
    ("months", SimpleImputer(strategy="median"), ["months"]),
])
model = make_pipeline(features, GradientBoostingClassifier(n_estimators=30, random_state=0))
model.fit(frame.drop(columns="churned"), frame["churned"])
joblib.dump(model, "model.joblib")
`;

let work: string;
let server: ChildProcess | undefined;
let url: string;

function run(command: string, args: string[], cwd = work): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test.describe.configure({ mode: 'serial' });
test.use({ serviceWorkers: 'allow' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(join(tmpdir(), 'formcast-wheel-'));
  execFileSync('node', ['scripts/package.mjs', '--no-build', '--wheel'], {
    cwd: root,
    stdio: 'ignore',
  });
  run('python3', ['-m', 'venv', 'venv']);
  // --no-compile: byte-compiling scikit-learn, SciPy and pandas is most of a cached install.
  run('venv/bin/python', [
    '-m', 'pip', 'install', '--quiet', '--no-compile', '--disable-pip-version-check',
    `${new URL(wheel).pathname}[duckdb,spark]`,
  ]); // prettier-ignore
  writeFileSync(join(work, 'train.py'), TRAIN);
  run('venv/bin/python', ['train.py']);
});

test.afterAll(() => {
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the wheel holds the package, the schema and the app without models, within budget', () => {
  const listing = execFileSync('python3', ['-m', 'zipfile', '-l', new URL(wheel).pathname], {
    encoding: 'utf8',
  });
  const files = listing
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0]!)
    .filter(Boolean);
  for (const file of [
    'formcast/exporting/export.py',
    'formcast/manifest.schema.json',
    'formcast/exporting/card.schema.json',
    'formcast/app/index.html',
    'formcast/app/sw.js',
    'formcast/app/embed/formcast.js',
    `formcast-${version}.dist-info/entry_points.txt`,
  ]) {
    expect(files).toContain(file);
  }
  expect(files.some((f) => /^formcast\/app\/assets\/ort-wasm.*\.wasm$/.test(f))).toBe(true);
  expect(files.filter((f) => /app\/models\/|app\/packages\/|__pycache__|\.pyc$/.test(f))).toEqual(
    [],
  );
  const bytes = statSync(wheel).size;
  expect(bytes).toBeLessThan(MAX_WHEEL_BYTES);
  console.log(`wheel: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB`);
  const metadata = execFileSync(
    'python3',
    ['-c', `import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).read("formcast-${version}.dist-info/METADATA").decode())`, new URL(wheel).pathname],
    { encoding: 'utf8' },
  ); // prettier-ignore
  const requirements = metadata.split('\n').filter((l) => l.startsWith('Requires-Dist:'));
  expect(requirements.length).toBeGreaterThanOrEqual(8);
  // Ranges, never pins: the package goes into someone else's environment.
  expect(requirements.filter((r) => /==\s*\d/.test(r))).toEqual([]);
});

test('pip-installed formcast exports, builds and serves a site that predicts, offline too', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const exported = run('venv/bin/formcast', [
    'export', 'model.joblib', '--data', 'customers.csv', '--target', 'churned',
    '--id', 'churn', '--out', 'models/churn', '--title', 'Customer churn', '--folds', '3',
  ]); // prettier-ignore
  expect(exported).toMatch(/parity, model\.onnx: (\d+)\/\1 golden rows agree/);
  expect(run('venv/bin/formcast', ['site', 'models/churn', '--out', 'site'])).toContain(
    'with 1 model (churn)',
  );
  server = spawn(join(work, 'venv/bin/formcast'), ['serve', 'site', '--port', '0'], { cwd: work });
  url = await new Promise<string>((resolve, reject) => {
    server!.stdout!.on('data', (chunk: Buffer) => {
      const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(chunk.toString());
      if (found) resolve(found[1]!);
    });
    server!.on('exit', (code) => reject(new Error(`formcast serve exited with ${code}`)));
  });

  const golden = JSON.parse(readFileSync(join(work, 'models/churn/golden.json'), 'utf8')) as {
    rows: { kind: string; inputs: Record<string, number | string | null>; label: string }[];
  };
  const row = golden.rows.find((r) => r.kind === 'empty')!;
  const query = new URLSearchParams(
    Object.entries(row.inputs).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])),
  );
  await page.goto(`${url}?${query.toString()}`);
  const label = page.locator('formcast-result [part="label"]').first();
  await expect(label).toHaveAttribute('data-label', row.label);
  await expect(page.locator('formcast-app')).toContainText('Customer churn');
  await expect(page.locator('formcast-offline-status [data-offline-ready="true"]')).toContainText(
    'Ready for offline use',
  );

  await context.setOffline(true);
  await page.reload();
  await expect(label).toHaveAttribute('data-label', row.label);
  const answers = await page.evaluate(async (rows) => {
    const widget = document
      .querySelector('formcast-app')!
      .shadowRoot!.querySelector('formcast-predictor')!;
    return Promise.all(rows.map(async (r) => ((await widget.predict(r.inputs)) as { label: string }).label));
  }, golden.rows); // prettier-ignore
  expect(answers).toEqual(golden.rows.map((r) => r.label));
});

// Spark in local mode on the installed pyspark, fed the rows the DuckDB path scored (typed as
// Spark reads text: strings, a missing value as null); prints both engines' answers.
const SPARK = `
import json, os, sys
import pyarrow.parquet as pq
from pyspark.sql import SparkSession
import formcast.spark

os.environ["PYSPARK_PYTHON"] = sys.executable
spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
         .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
scored = pq.read_table("scored.parquet").to_pylist()
good = [r for r in scored if r["error"] is None]
columns = ["plan", "monthly fee (€)", "months"]
rows = [tuple(r[c] or None for c in columns) for r in good]
frame = spark.createDataFrame(rows, ", ".join(f"\`{c}\` string" for c in columns))
out = formcast.spark.score(frame, "models/churn").collect()
print(json.dumps({
    "duckdb": [[r["predicted_label"], r["p_yes"]] for r in good],
    "spark": [[r["predicted_label"], r["p_yes"]] for r in out],
    "errors": [r["error"] for r in scored],
}))
spark.stop()
`;

test('the duckdb and spark extras score the exported model in the same environment', () => {
  test.setTimeout(180_000);
  // One row is short: it keeps its place with the browser's message, and the run goes on.
  writeFileSync(
    join(work, 'to-score.csv'),
    'plan,monthly fee (€),months\nbasic,20,12\nplus,55.5,\nfamily,9\nfamily,30,40\n',
  );
  for (const out of ['scored.csv', 'scored.parquet']) {
    run('venv/bin/formcast', ['score', 'models/churn', 'to-score.csv', '--out', out, '--quiet']);
  }
  const lines = readFileSync(join(work, 'scored.csv'), 'utf8').split('\r\n');
  expect(lines[0]).toBe('plan,monthly fee (€),months,predicted_label,p_no,p_yes,error');
  expect(lines[3]).toBe('family,9,,,,,"row has 2 fields, header has 3"');
  const answers = JSON.parse(run('venv/bin/python', ['-c', SPARK]).trim().split('\n').pop()!) as {
    duckdb: [string, number][];
    spark: [string, number][];
    errors: (string | null)[];
  };
  expect(answers.errors).toEqual([null, null, 'row has 2 fields, header has 3', null]);
  expect(answers.duckdb).toHaveLength(3);
  expect(answers.spark).toEqual(answers.duckdb);
});
