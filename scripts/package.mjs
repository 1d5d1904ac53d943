// `npm run package`: the web app (npm run build), then the formcast Python wheel with the built
// app inside, into dist/packages/formcast-<version>-py3-none-any.whl, then the formcast npm
// package (scripts/build-npm.mjs, built from src/, not from dist/) as
// dist/packages/formcast-<version>.tgz.
//
//   node scripts/package.mjs            build the app first, then the wheel and the npm tarball
//   node scripts/package.mjs --no-build wheel from the dist/ already built (npm test does this)
//   --wheel, --npm                      only that one (both by default)
//
// The wheel is built from a staging copy of python/ (so the checkout never holds a stale copy of
// the app): the package, the manifest schema from schema/, and dist/ without its models and
// packages (`formcast site` adds the user's models and rewrites the service worker's list).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNpmPackage } from './build-npm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(dist, 'packages');

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package: ${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

/** The project's version, which package.json, pyproject.toml and formcast.__version__ share. */
function checkVersions() {
  const npm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const pyproject = readFileSync(join(root, 'python/pyproject.toml'), 'utf8').match(
    /^version = "([^"]+)"/m,
  )?.[1];
  const module = readFileSync(join(root, 'python/formcast/__init__.py'), 'utf8').match(
    /^__version__ = "([^"]+)"/m,
  )?.[1];
  if (npm !== pyproject || npm !== module) {
    console.error(
      `package: versions differ: package.json ${npm}, pyproject.toml ${pyproject}, formcast ${module}`,
    );
    process.exit(1);
  }
  return npm;
}

/** The npm tarball, in place of the last one. */
async function packNpm() {
  for (const old of existsSync(out) ? readdirSync(out) : []) {
    if (old.endsWith('.tgz')) rmSync(join(out, old));
  }
  const packed = await buildNpmPackage({ out });
  console.log(
    `Wrote ${packed.tarball} (${(packed.size / 1000).toFixed(1)} kB, ${packed.files.length} files)`,
  );
}

const version = checkVersions();
const only = ['--wheel', '--npm'].filter((flag) => process.argv.includes(flag));
if (only.length === 1 && only[0] === '--npm') {
  await packNpm();
  process.exit(0);
}
// The site's build empties dist/, packages included: the npm tarball comes after it.
if (!process.argv.includes('--no-build')) run('npm', ['run', 'build', '--silent']);
for (const file of ['index.html', 'sw.js', 'embed/formcast.js']) {
  if (!existsSync(join(dist, file))) {
    console.error(`package: dist/${file} is missing; run npm run build first`);
    process.exit(1);
  }
}

const staging = mkdtempSync(join(tmpdir(), 'formcast-wheel-'));
try {
  const python = join(staging, 'python');
  const skip = (path) => !/__pycache__|\.pyc$|[/\\]formcast[/\\]app([/\\]|$)/.test(path);
  cpSync(join(root, 'python/formcast'), join(python, 'formcast'), {
    recursive: true,
    filter: skip,
  });
  for (const file of ['pyproject.toml', 'README.md'])
    cpSync(join(root, 'python', file), join(python, file));
  cpSync(join(root, 'schema/manifest.schema.json'), join(python, 'formcast/manifest.schema.json'));
  const app = join(python, 'formcast/app');
  mkdirSync(app);
  for (const entry of readdirSync(dist)) {
    if (entry === 'models' || entry === 'packages') continue;
    cpSync(join(dist, entry), join(app, entry), { recursive: true });
  }
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out)) {
    if (old.endsWith('.whl')) rmSync(join(out, old));
  }
  run(
    'bash',
    [join(root, 'scripts/python.sh'), '-m', 'hatchling', 'build', '-t', 'wheel', '-d', out],
    python,
  );
} finally {
  rmSync(staging, { recursive: true, force: true });
}
const wheel = join(out, `formcast-${version}-py3-none-any.whl`);
if (!existsSync(wheel)) {
  console.error(`package: ${wheel} was not written`);
  process.exit(1);
}
console.log(`Wrote ${wheel} (${(statSync(wheel).size / 1e6).toFixed(2)} MB)`);
if (!only.includes('--wheel')) await packNpm();
