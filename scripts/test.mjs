// `npm test`: every check and every test, on a fresh clone, with nothing installed by hand.
// Installs npm dependencies, creates the Python venv, finds (or, as root, installs) Chromium and a
// Java runtime (for Spark), then runs lint, format and type checks, pytest (training), Vitest,
// the build, pytest (the formcast package, whose site tests copy the build) and the Playwright
// suite. All steps run even after a failure so one run shows every problem; the last line sums
// them up.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureNodeDeps } from './ensure-node-deps.mjs';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = `${root}.test-reports/`;
const started = performance.now();

function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log("› No Chromium found: installing Debian's chromium package…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(
    'No Chromium found for the browser tests. Install one (Debian: `apt-get install chromium`)\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary, then run `npm test` again.',
  );
  process.exit(2);
}

/**
 * The Spark tests need a Java runtime. Like Chromium: use the one on the PATH, or as root on a
 * Debian-like machine install Debian's OpenJDK 17 (the version Spark 4 supports), or say how.
 */
function ensureJava() {
  const works = () => spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
  if (works()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(
      "› No Java found for the Spark tests: installing Debian's openjdk-17-jre-headless…",
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', 'openjdk-17-jre-headless'], {
      stdio: 'inherit',
      env,
    });
    if (works()) return;
  }
  console.error(
    'No Java runtime found for the Spark tests. Install one (Debian: `apt-get install\n' +
      'openjdk-17-jre-headless`) or put `java` on the PATH, then run `npm test` again.',
  );
  process.exit(2);
}

/** Runs one step, streaming its output; returns whether it succeeded and how long it took. */
function run(name, command, args, env = {}) {
  console.log(`\n━━ ${name} ━━  ${command} ${args.join(' ')}`);
  const t0 = performance.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const seconds = (performance.now() - t0) / 1000;
  return { name, ok: result.status === 0, seconds };
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function pytestCounts(path) {
  if (!existsSync(path)) return undefined;
  const xml = readFileSync(path, 'utf8');
  const attr = (name) =>
    Number(xml.match(new RegExp(`<testsuite[^>]*\\s${name}="(\\d+)"`))?.[1] ?? 0);
  const failed = attr('failures') + attr('errors');
  const skipped = attr('skipped');
  return { passed: attr('tests') - failed - skipped, failed, skipped };
}

function vitestCounts(path) {
  const r = readJson(path);
  return (
    r && {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    }
  );
}

function playwrightCounts(path) {
  const r = readJson(path);
  return (
    r && {
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected,
      skipped: r.stats.skipped,
    }
  );
}

ensureNodeDeps();
const chromium = ensureChromium();
console.log(`› Chromium: ${chromium}`);
ensureJava();
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const python = ['scripts/python.sh'];
const checks = [
  run('Python environment', 'bash', [...python, '-c', 'import formcast, sklearn, xgboost']),
  run('TypeScript lint (ESLint)', 'npx', ['eslint', '.']),
  run('TypeScript format (Prettier)', 'npx', ['prettier', '--check', '.']),
  run('TypeScript types (tsc)', 'npx', ['tsc', '--noEmit']),
  run('Import cycles and layers (dependency-cruiser)', 'npx', ['depcruise', 'src']),
  run('Relative links in README.md and docs/', 'node', ['scripts/check-links.mjs']),
  run('custom-elements.json up to date', 'node', ['scripts/check-elements-manifest.mjs']),
  run('Python lint (ruff)', 'bash', [...python, '-m', 'ruff', 'check', 'training', 'python']),
  run('Python format (ruff)', 'bash', [
    ...python,
    '-m',
    'ruff',
    'format',
    '--check',
    'training',
    'python',
  ]),
  // The formcast package promises Python >= 3.10 and the dev venv is newer: vermin reads the
  // code for newer stdlib and syntax (datetime.UTC, tomllib, except*...).
  run('formcast runs on Python 3.10 (vermin)', 'bash', [
    ...python,
    '-c',
    'import sys; from vermin.main import main; sys.exit(main())',
    '--target=3.10-',
    '--violations',
    '--no-tips',
    '--eval-annotations',
    'python/formcast',
  ]),
];
const suites = [
  {
    step: run('Training tests (pytest)', 'bash', [
      ...python,
      '-m',
      'pytest',
      'training/tests',
      '-q',
      `--junitxml=${reports}pytest.xml`,
    ]),
    counts: () => pytestCounts(`${reports}pytest.xml`),
  },
  {
    step: run('Unit tests (Vitest)', 'npx', [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${reports}vitest.json`,
    ]),
    counts: () => vitestCounts(`${reports}vitest.json`),
  },
];
const build = run('Build (site + embed)', 'npm', ['run', 'build', '--silent']);
checks.push(build);
// After the build: `formcast site` (python/tests/test_site.py) copies the app the build wrote to dist/.
suites.push({
  step: run('Python package tests: export, site, score, DuckDB, Spark (pytest)', 'bash', [
    ...python,
    '-m',
    'pytest',
    'python/tests',
    '-q',
    '-p',
    'no:cacheprovider',
    `--junitxml=${reports}pytest-python.xml`,
  ]),
  counts: () => pytestCounts(`${reports}pytest-python.xml`),
});
if (build.ok) checks.push(run('Bundle-size budget', 'node', ['scripts/check-size.mjs']));
if (build.ok) {
  suites.push({
    step: run('Browser tests (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
      CHROMIUM_PATH: chromium,
      FORMCAST_E2E_JSON: `${reports}playwright.json`,
    }),
    counts: () => playwrightCounts(`${reports}playwright.json`),
  });
}

console.log('\n━━ Summary ━━');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const check of checks) {
  console.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}  (${check.seconds.toFixed(1)} s)`);
  if (check.ok) passed++;
  else failed++;
}
for (const { step, counts } of suites) {
  const c = counts();
  // A runner that crashed before writing its report still counts as one failure.
  const n = c ?? { passed: 0, failed: 1, skipped: 0 };
  if (!step.ok && n.failed === 0) n.failed = 1;
  console.log(
    `${step.ok ? 'ok  ' : 'FAIL'}  ${step.name}: ${n.passed} passed, ${n.failed} failed${n.skipped ? `, ${n.skipped} skipped` : ''}  (${step.seconds.toFixed(1)} s)`,
  );
  passed += n.passed;
  failed += n.failed;
  skipped += n.skipped;
}
if (!build.ok) {
  console.log('FAIL  Browser tests: not run, the build failed');
  failed++;
}
const total = (performance.now() - started) / 1000;
console.log(
  `\nTotal time ${total.toFixed(0)} s; counts include ${checks.length} static checks as one test each.`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
