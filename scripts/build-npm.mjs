// The `formcast` npm package, built from the same modules as the site and packed with `npm pack`:
//
//   node scripts/build-npm.mjs [--out DIR]   writes DIR/formcast-<version>.tgz (default dist/packages/)
//
// `npm run package` calls it after the wheel. What the package holds (docs/npm.md):
// - dist/: src/ as ES modules, one file per module (rolldown, preserveModules), every dependency
//   left as a bare import for the app's bundler to resolve once (one Lit for the whole app), and
//   the `.d.ts` of each module (tsc); entries in dist/npm/. The worker's address stays the literal
//   `new Worker(new URL('../worker/predictor.worker.js', import.meta.url), …)` bundlers rewrite.
// - dist/worker/predictor.worker.standalone.js: the same worker with its dependencies inside, for
//   pages that load the package with no bundler (import maps do not reach workers).
// - custom-elements.json for the shipped elements, the package README (docs/npm.md) and a
//   package.json with the exports map, the modules with side effects, and the dependencies.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { runtimeDefines } from './runtime-wasm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Public entry points: subpath of the package → module in src/npm/. */
export const ENTRIES = {
  '.': 'index',
  './elements': 'elements',
  './predictor': 'predictor',
  './batch': 'batch',
};

/** The worker's entry, started by client/worker-factory.ts. */
const WORKER = 'worker/predictor.worker';

/**
 * onnxruntime-web at exactly the version tested: the page compiles its binary and the worker's
 * glue instantiates it through a hook pinned to that version (runtime/onnx-session.ts), and the
 * standalone worker carries that version's glue. Every other dependency takes compatible
 * versions, so an app that already has Lit or Comlink keeps one copy.
 */
const EXACT = new Set(['onnxruntime-web']);

const listFiles = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));

const dependencyOf = (id) =>
  Object.keys(app.dependencies).find((name) => id === name || id.startsWith(`${name}/`));

/** The worker literal's target, renamed from the source's `.ts` to the shipped `.js`. */
function shippedWorkerAddress() {
  return {
    name: 'formcast-worker-address',
    transform(code, id) {
      if (!id.endsWith('client/worker-factory.ts')) return null;
      const renamed = code.replaceAll(`${WORKER}.ts'`, `${WORKER}.js'`);
      if ((renamed.match(new RegExp(`${WORKER}\\.js'`, 'g')) ?? []).length < 2) {
        this.error('worker-factory.ts no longer names ../worker/predictor.worker.ts twice');
      }
      return { code: renamed, map: null };
    },
  };
}

async function buildModules(dist) {
  const bundle = await rolldown({
    cwd: root,
    input: [...Object.values(ENTRIES).map((name) => `src/npm/${name}.ts`), `src/${WORKER}.ts`],
    platform: 'browser',
    tsconfig: join(root, 'tsconfig.json'),
    external: (id) => dependencyOf(id) !== undefined,
    transform: { target: 'es2022', define: runtimeDefines() },
    plugins: [shippedWorkerAddress()],
  });
  await bundle.write({
    dir: dist,
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: join(root, 'src'),
    entryFileNames: '[name].js',
  });
  await bundle.close();
}

async function buildStandaloneWorker(dist) {
  const bundle = await rolldown({
    cwd: root,
    input: `src/${WORKER}.ts`,
    platform: 'browser',
    tsconfig: join(root, 'tsconfig.json'),
    transform: { target: 'es2022', define: runtimeDefines() },
  });
  await bundle.write({
    file: join(dist, `${WORKER}.standalone.js`),
    format: 'es',
    codeSplitting: false,
    minify: true,
    comments: { legal: true },
  });
  await bundle.close();
}

/** `.d.ts` for every module the entries reach, with the `.js` extensions ESM resolution wants. */
function buildDeclarations(dist, scratch) {
  const config = join(scratch, 'tsconfig.declarations.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: join(root, 'src'),
        outDir: dist,
        // vite-env.d.ts brings the Vite types it needs itself, resolved from src/.
        types: [],
      },
      include: [],
      files: [
        ...Object.values(ENTRIES).map((name) => join(root, `src/npm/${name}.ts`)),
        join(root, 'src/vite-env.d.ts'),
      ],
    }),
  );
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', config], { stdio: 'inherit' });
  for (const file of listFiles(dist).filter((f) => f.endsWith('.d.ts'))) {
    const path = join(dist, file);
    const text = readFileSync(path, 'utf8').replace(
      /((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\2/g,
      (whole, before, quote, spec) => {
        const target = resolve(dirname(path), spec);
        if (existsSync(`${target}.d.ts`)) return `${before}${quote}${spec}.js${quote}`;
        if (existsSync(join(target, 'index.d.ts')))
          return `${before}${quote}${spec}/index.js${quote}`;
        return whole;
      },
    );
    writeFileSync(path, text);
  }
}

/**
 * Modules a bundler must keep even when nothing imports a value from them: the entries that
 * define elements, every module that registers one, the workers, and whatever the package itself
 * imports for its effect alone (`import './x.js'`).
 */
function modulesWithSideEffects(files, dist) {
  const found = new Set(
    Object.values(ENTRIES)
      .filter((name) => name !== 'index')
      .map((name) => `dist/npm/${name}.js`),
  );
  found.add(`dist/${WORKER}.js`).add(`dist/${WORKER}.standalone.js`);
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const element = file.match(/^components\/([^/]+)\/\1\.js$/);
    if (element) found.add(`dist/${file}`);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const [, , spec] of text.matchAll(/^import\s*(['"])(\.\.?\/[^'"]+)\1;?$/gm)) {
      found.add(`dist/${posix.join(posix.dirname(file), spec)}`);
    }
  }
  return [...found].sort().map((file) => `./${file}`);
}

/** Bare imports of the shipped modules: exactly the dependencies the package declares. */
function usedDependencies(files, dist) {
  const used = new Set();
  for (const file of files.filter((f) => f.endsWith('.js') && !f.includes('.standalone.'))) {
    const text = readFileSync(join(dist, file), 'utf8');
    for (const [, , spec] of text.matchAll(/(?:from|import)\s*\(?\s*(['"])([^'"./][^'"]*)\1/g)) {
      const name = dependencyOf(spec);
      if (!name) throw new Error(`${file} imports ${spec}, which is not a dependency`);
      used.add(name);
    }
  }
  return Object.fromEntries(
    [...used]
      .sort()
      .map((name) => [
        name,
        EXACT.has(name) ? app.dependencies[name] : `^${app.dependencies[name]}`,
      ]),
  );
}

/** The elements' manifest, its paths pointing at the shipped modules, for the shipped ones only. */
function elementsManifest(files) {
  const manifest = JSON.parse(
    readFileSync(join(root, 'custom-elements.json'), 'utf8').replace(
      /src\/([\w/.-]+)\.ts/g,
      'dist/$1.js',
    ),
  );
  manifest.modules = manifest.modules.filter((module) =>
    files.includes(module.path.replace(/^dist\//, '')),
  );
  const definitions = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.customElement || !declaration.tagName) continue;
      definitions.push({
        kind: 'javascript-module',
        path: module.path.replace(/\.component\.js$/, '.js'),
        declarations: [],
        exports: [
          {
            kind: 'custom-element-definition',
            name: declaration.tagName,
            declaration: { name: declaration.name, module: module.path },
          },
        ],
      });
    }
  }
  manifest.modules.push(...definitions);
  return manifest;
}

/** docs/npm.md as the package's README: links into the repository read as plain text there. */
function packageReadme() {
  return readFileSync(join(root, 'docs/npm.md'), 'utf8').replace(
    /\[([^\]]+)\]\((?!https?:|#)[^)]+\)/g,
    '$1',
  );
}

/**
 * Builds the package and packs it into `out`. Returns the tarball's path, its size and the files
 * it holds (as `npm pack --json` reports them).
 */
export async function buildNpmPackage({ out = join(root, 'dist/packages') } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'formcast-npm-'));
  try {
    const pkg = join(scratch, 'package');
    const dist = join(pkg, 'dist');
    await buildModules(dist);
    await buildStandaloneWorker(dist);
    buildDeclarations(dist, scratch);
    const files = listFiles(dist);
    const exportsMap = Object.fromEntries([
      ...Object.entries(ENTRIES).map(([subpath, name]) => [
        subpath,
        { types: `./dist/npm/${name}.d.ts`, default: `./dist/npm/${name}.js` },
      ]),
      ['./custom-elements.json', './custom-elements.json'],
      ['./package.json', './package.json'],
    ]);
    const manifest = {
      name: app.name,
      version: app.version,
      description:
        'Machine-learning predictions that run entirely in the browser: a form that predicts as you type and a headless API, on onnxruntime-web in a Web Worker.',
      license: app.license,
      keywords: [
        'machine-learning',
        'onnx',
        'onnxruntime-web',
        'web-components',
        'lit',
        'scikit-learn',
      ],
      type: 'module',
      exports: exportsMap,
      types: './dist/npm/index.d.ts',
      sideEffects: modulesWithSideEffects(files, dist),
      customElements: 'custom-elements.json',
      files: ['dist', 'custom-elements.json'],
      dependencies: usedDependencies(files, dist),
    };
    writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(
      join(pkg, 'custom-elements.json'),
      `${JSON.stringify(elementsManifest(files), null, 2)}\n`,
    );
    writeFileSync(join(pkg, 'README.md'), packageReadme());
    mkdirSync(out, { recursive: true });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
        cwd: pkg,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    return {
      tarball: join(out, packed.filename),
      size: packed.size,
      unpackedSize: packed.unpackedSize,
      files: packed.files.map((f) => f.path),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : undefined;
  const packed = await buildNpmPackage({ out });
  console.log(
    `Wrote ${packed.tarball} (${(packed.size / 1000).toFixed(1)} kB packed, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked, ${packed.files.length} files)`,
  );
}
