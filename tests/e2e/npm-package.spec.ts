import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import ts from 'typescript';
import { buildNpmPackage, type PackedNpmPackage } from '../../scripts/build-npm.mjs';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs';
import { STRICT_CSP } from './helpers';

// The formcast npm package as a web developer meets it: packed, `npm install`ed into a fresh Vite
// app written here (vanilla TypeScript, as `npm create vite` makes it) that has Lit of its own,
// built with tsc and `vite build`, served as a plain host would, and run in Chromium; then the
// same installed package in a page with an import map and no bundler. One install and one build
// per run; the npm cache keeps the install quick.

const root = fileURLToPath(new URL('../../', import.meta.url));
const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};
/** Budget for the tarball: the app code and its types; the runtime comes from onnxruntime-web. */
const MAX_TARBALL_BYTES = 300_000;

/** The tutorial's two worked examples. */
const EXAMPLES = [
  { values: { Age: 60, Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 }, label: 'DrugY' },
  { values: { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 }, label: 'drugA' },
];

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    module: 'ESNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: ['vite/client'],
    skipLibCheck: true,
    moduleResolution: 'bundler',
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    moduleDetection: 'force',
    noEmit: true,
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noFallthroughCasesInSwitch: true,
  },
  include: ['src'],
};

/**
 * docs/npm.md's config (`vite dev` must not pre-bundle Formcast), and two pages: the app, and one
 * that uses the headless API alone.
 */
const VITE_CONFIG = `import { defineConfig } from 'vite';

export default defineConfig({
  optimizeDeps: { exclude: ['formcast'] },
  build: { rolldownOptions: { input: { main: 'index.html', headless: 'headless.html' } } },
});
`;

/** A page with no element: what the package's \`sideEffects\` must let the bundler leave out. */
const HEADLESS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <title>Formcast, headless</title>
  </head>
  <body>
    <script type="module" src="/src/headless.ts"></script>
  </body>
</html>
`;

const HEADLESS = `import { createPredictor, type RawValues } from 'formcast';

const predictor = createPredictor('models/drug/');

declare global {
  interface Window {
    headless: { label(values: RawValues): Promise<string> };
  }
}
window.headless = {
  async label(values) {
    const prediction = await predictor.predict(values);
    return prediction.task === 'regression' ? String(prediction.value) : prediction.label;
  },
};
`;

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <title>Formcast in a Vite app</title>
  </head>
  <body>
    <app-banner></app-banner>
    <formcast-predictor src="models/drug/" values='${JSON.stringify(EXAMPLES[0]!.values)}'></formcast-predictor>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`;

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7"/></svg>\n';

/** The app's own Lit element: Formcast must use the app's Lit, not bring a second one. */
const APP_BANNER = `import { LitElement, html } from 'lit';

export class AppBanner extends LitElement {
  render() {
    return html\`<h1>Drug prescription</h1>\`;
  }
}
customElements.define('app-banner', AppBanner);
`;

const MAIN = `import 'formcast/elements';
import { createPredictor, ErrorCode, FormcastError, type RawValues } from 'formcast';
import './app-banner';

const predictor = createPredictor('models/drug/');

async function label(values: RawValues): Promise<string> {
  const prediction = await predictor.predict(values);
  return prediction.task === 'regression' ? String(prediction.value) : prediction.label;
}

async function refused(values: RawValues): Promise<string> {
  try {
    await predictor.predict(values);
    return 'no error';
  } catch (error) {
    return error instanceof FormcastError ? error.code : String(error);
  }
}

declare global {
  interface Window {
    formcast: { label: typeof label; refused: typeof refused; inputInvalid: string };
  }
}
window.formcast = { label, refused, inputInvalid: ErrorCode.InputInvalid };
`;

/** Three mistakes the declarations must catch. */
const MISUSE = `import { createPredictor, ErrorCode } from 'formcast';

const predictor = createPredictor('models/drug/');
await predictor.predict({ Age: true });
const prediction = await predictor.predict({ Age: 47 });
console.log(prediction.label, ErrorCode.NotACode);
`;

/** What a page with no bundler maps: Formcast, Lit, Comlink and the runtime binary. */
const IMPORT_MAP = {
  imports: {
    formcast: '/node_modules/formcast/dist/npm/index.js',
    'formcast/elements': '/node_modules/formcast/dist/npm/elements.js',
    lit: '/node_modules/lit/index.js',
    'lit/': '/node_modules/lit/',
    'lit-html': '/node_modules/lit-html/lit-html.js',
    'lit-html/': '/node_modules/lit-html/',
    'lit-element/': '/node_modules/lit-element/',
    '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
    comlink: '/node_modules/comlink/dist/esm/comlink.mjs',
    '@cfworker/json-schema': '/node_modules/@cfworker/json-schema/dist/esm/index.js',
    'onnxruntime-web/ort-wasm-simd-threaded.wasm':
      '/node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  },
};

/** The page of the same app without a build: the import map, and a second copy of Formcast. */
const PLAIN_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="public/favicon.svg" />
    <title>Formcast without a bundler</title>
    <script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
  </head>
  <body>
    <formcast-predictor src="public/models/drug/" values='${JSON.stringify(EXAMPLES[0]!.values)}'></formcast-predictor>
    <script type="module">
      import 'formcast/elements';
      import { createPredictor } from 'formcast';
      const predictor = createPredictor('public/models/drug/');
      window.formcast = {
        label: async (values) => (await predictor.predict(values)).label,
        // Another copy of the package on the same page (as two apps bundling their own would be).
        importSecondCopy: () => import('/second-copy/dist/npm/elements.js').then(() => 'imported'),
      };
    </script>
  </body>
</html>
`;

/** What the consumer pages put on `window` for the tests (the Vite app, the plain page). */
interface ConsumerHooks {
  label(values: Record<string, string | number>): Promise<string>;
  refused(values: Record<string, string | number>): Promise<string>;
  inputInvalid: string;
  importSecondCopy(): Promise<string>;
}
declare global {
  interface Window {
    formcast: ConsumerHooks;
    headless: Pick<ConsumerHooks, 'label'>;
  }
}

let work: string;
let packed: PackedNpmPackage;
let built: StaticServer;
let unbuilt: StaticServer;
/** `vite dev`, while its test runs; stopped in afterAll too, should that test time out. */
let dev: ChildProcess | undefined;

function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  work = mkdtempSync(join(tmpdir(), 'formcast-npm-app-'));
  packed = await buildNpmPackage({ out: join(work, 'packed') });
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({
      name: 'formcast-consumer',
      private: true,
      type: 'module',
      scripts: { build: 'tsc && vite build' },
      dependencies: { formcast: `file:${packed.tarball}`, lit: `^${app.dependencies.lit}` },
      devDependencies: {
        typescript: app.devDependencies.typescript,
        vite: app.devDependencies.vite,
      },
    }),
  );
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(work, 'vite.config.ts'), VITE_CONFIG);
  writeFileSync(join(work, 'index.html'), INDEX_HTML);
  writeFileSync(join(work, 'headless.html'), HEADLESS_HTML);
  mkdirSync(join(work, 'src'));
  writeFileSync(join(work, 'src/vite-env.d.ts'), '/// <reference types="vite/client" />\n');
  writeFileSync(join(work, 'src/app-banner.ts'), APP_BANNER);
  writeFileSync(join(work, 'src/main.ts'), MAIN);
  writeFileSync(join(work, 'src/headless.ts'), HEADLESS);
  cpSync(join(root, 'public/models/drug'), join(work, 'public/models/drug'), { recursive: true });
  writeFileSync(join(work, 'public/favicon.svg'), FAVICON);
  // --prefer-offline: what the npm cache holds (every run after the first) is not asked for again.
  const t0 = performance.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
  const t1 = performance.now();
  run('npm', ['run', 'build']);
  console.log(
    `npm package test app: npm install ${((t1 - t0) / 1000).toFixed(1)} s, tsc + vite build ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
  writeFileSync(join(work, 'plain.html'), PLAIN_HTML);
  cpSync(join(work, 'node_modules/formcast'), join(work, 'second-copy'), { recursive: true });
  built = await startStaticServer({ root: join(work, 'dist'), headers: csp() });
  unbuilt = await startStaticServer({ root: work });
});

test.afterAll(async () => {
  dev?.kill();
  await built?.close();
  await unbuilt?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** docs/npm.md's policy for a host of a bundled app. */
function csp(): Record<string, string> {
  return { 'content-security-policy': STRICT_CSP };
}

test('the tarball: ESM entries with types, the elements manifest, no tests, maps or models, within budget', () => {
  const files = packed.files;
  console.log(
    `npm tarball: ${files.length} files, ${(packed.size / 1000).toFixed(1)} kB packed, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked (budget ${MAX_TARBALL_BYTES / 1000} kB packed)`,
  );
  expect(packed.size).toBeLessThan(MAX_TARBALL_BYTES);
  for (const name of ['index', 'elements', 'predictor', 'batch']) {
    expect(files).toContain(`dist/npm/${name}.js`);
    expect(files).toContain(`dist/npm/${name}.d.ts`);
  }
  for (const file of [
    'package.json',
    'README.md',
    'custom-elements.json',
    'dist/worker/predictor.worker.js',
    'dist/worker/predictor.worker.standalone.js',
  ])
    expect(files).toContain(file);
  expect(files.filter((f) => /(^|\/)tests?\/|\.(test|spec)\.[jt]s$/.test(f))).toEqual([]);
  expect(files.filter((f) => /\.map$/.test(f))).toEqual([]);
  expect(files.filter((f) => /models\/|\.onnx$|golden\.json$|\.wasm$/.test(f))).toEqual([]);
  expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);

  const installed = join(work, 'node_modules/formcast');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
    type: string;
    private?: boolean;
    exports: Record<string, unknown>;
    sideEffects: string[];
    customElements: string;
    dependencies: Record<string, string>;
    devDependencies?: unknown;
  };
  expect(manifest.type).toBe('module');
  expect(manifest.private).toBeUndefined();
  expect(manifest.devDependencies).toBeUndefined();
  expect(Object.keys(manifest.exports)).toEqual([
    '.',
    './elements',
    './predictor',
    './batch',
    './custom-elements.json',
    './package.json',
  ]);
  // ESM only: no CommonJS condition anywhere in the map.
  expect(JSON.stringify(manifest.exports)).not.toMatch(/require|\.cjs/);
  // Registering modules are kept by bundlers; the headless entry is free of side effects.
  expect(manifest.sideEffects).toEqual(
    expect.arrayContaining(['./dist/npm/elements.js', './dist/npm/predictor.js']),
  );
  expect(manifest.sideEffects).not.toContain('./dist/npm/index.js');
  for (const file of manifest.sideEffects) expect(files).toContain(file.slice(2));
  for (const name of ['lit', 'comlink', 'onnxruntime-web'])
    expect(Object.keys(manifest.dependencies)).toContain(name);
  expect(Object.keys(manifest.dependencies)).not.toContain('onnxruntime-node');

  const elements = JSON.parse(readFileSync(join(installed, manifest.customElements), 'utf8')) as {
    modules: { path: string; declarations?: { tagName?: string }[] }[];
  };
  const tags = elements.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.tagName));
  expect(tags).toEqual(expect.arrayContaining(['formcast-predictor', 'formcast-batch']));
  expect(tags).not.toContain('formcast-app');
  for (const module of elements.modules) expect(files).toContain(module.path);

  // No `any` in a type the package declares (comments may say "any").
  const anys: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.d.ts'))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(installed, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) anys.push(`${file}: ${node.parent.getText()}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  expect(anys).toEqual([]);
});

test('the Vite app build has one copy of Lit, one runtime binary, and no standalone worker', () => {
  const assets = readdirSync(join(work, 'dist/assets'));
  const code = assets
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(work, 'dist/assets', f), 'utf8'))
    .join('\n');
  // Each Lit package records its version once per copy on the page.
  for (const marker of ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions'])
    expect(code.split(marker).length - 1, marker).toBe(1);
  expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
  // One worker, built by Vite from the package's worker module; the package's self-contained copy
  // (for pages without a bundler) is not emitted.
  expect(assets.filter((f) => /worker/.test(f))).toEqual([
    expect.stringMatching(/^predictor\.worker-[\w-]+\.js$/),
  ]);
});

test('tsc rejects a file that misuses the API, naming each mistake', () => {
  writeFileSync(
    join(work, 'tsconfig.misuse.json'),
    JSON.stringify({ extends: './tsconfig.json', include: ['misuse'] }),
  );
  cpSync(join(work, 'src/vite-env.d.ts'), join(work, 'misuse/vite-env.d.ts'));
  writeFileSync(join(work, 'misuse/misuse.ts'), MISUSE);
  let output = '';
  try {
    run('node_modules/.bin/tsc', ['-p', 'tsconfig.misuse.json']);
  } catch (error) {
    output = String((error as { stdout?: string }).stdout);
  }
  expect(output).toContain(
    "misuse/misuse.ts(4,27): error TS2322: Type 'true' is not assignable to type 'RawValue'.",
  );
  expect(output).toContain(
    "misuse/misuse.ts(6,24): error TS2339: Property 'label' does not exist on type 'Prediction'.",
  );
  expect(output).toMatch(
    /misuse\/misuse\.ts\(6,41\): error TS2339: Property 'NotACode' does not exist/,
  );
  expect(output.match(/error TS/g)).toHaveLength(3);
});

/** Every request the page and its workers make, by URL. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (request) => urls.push(request.url()));
  return urls;
}

const shownLabel = (page: Page) => page.locator('formcast-result [part="label"]');

async function showValues(page: Page, values: Record<string, string | number>): Promise<void> {
  await page.locator('formcast-predictor').evaluate((element, next) => {
    (element as HTMLElement & { values: unknown }).values = next;
  }, values);
}

test('the built app predicts the tutorial examples with the element and with createPredictor', async ({
  page,
}) => {
  const urls = recordRequests(page);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.context().on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(built.url);
  await expect(page.locator('app-banner h1')).toHaveText('Drug prescription');
  await expect(shownLabel(page)).toHaveAttribute('data-label', EXAMPLES[0]!.label, {
    timeout: 20_000,
  });
  await showValues(page, EXAMPLES[1]!.values);
  await expect(shownLabel(page)).toHaveAttribute('data-label', EXAMPLES[1]!.label);
  for (const { values, label } of EXAMPLES) {
    expect(await page.evaluate((v) => window.formcast.label(v), values)).toBe(label);
  }
  expect(
    await page.evaluate((v) => window.formcast.refused({ ...v, Age: 'abc' }), EXAMPLES[0]!.values),
  ).toBe(await page.evaluate(() => window.formcast.inputInvalid));
  // The runtime came from the app's own build, compiled once on the page for both workers.
  const compiled = await page.evaluate(() =>
    performance
      .getEntriesByName('formcast:runtime-compiled')
      .map((m) => (m as PerformanceMark).detail as unknown),
  );
  expect(compiled).toEqual([{ source: 'page', bytes: 'response' }]);
  const origin = new URL(built.url).origin;
  expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([]);
  expect(urls.filter((u) => u.endsWith('.wasm'))).toHaveLength(1);
  expect(problems).toEqual([]);
});

test('a page that imports only the headless API loads no Lit and no element', async ({ page }) => {
  const scripts: Promise<string>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.text());
  });
  await page.goto(`${built.url}headless.html`);
  expect(await page.evaluate((v) => window.headless.label(v), EXAMPLES[1]!.values)).toBe(
    EXAMPLES[1]!.label,
  );
  const code = (await Promise.all(scripts)).join('\n');
  expect(code.length).toBeGreaterThan(0);
  expect(code.includes('litHtmlVersions'), 'Lit on the headless page').toBe(false);
  expect(code.includes('customElements'), 'an element on the headless page').toBe(false);
});

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('vite dev serves the same app (Formcast kept out of pre-bundling, as docs/npm.md says)', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      join(work, 'node_modules/vite/bin/vite.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  dev = server;
  try {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}/`;
    await expect
      .poll(
        async () =>
          server.exitCode ??
          (await fetch(url).then(
            (r) => r.status,
            () => 0,
          )),
        {
          message: `vite dev answers at ${url}`,
          timeout: 15_000,
        },
      )
      .toBe(200)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\nvite dev said: ${output}`);
      });
    const urls = recordRequests(page);
    await page.goto(url);
    await expect(shownLabel(page)).toHaveAttribute('data-label', EXAMPLES[0]!.label, {
      timeout: 20_000,
    });
    expect(await page.evaluate((v) => window.formcast.label(v), EXAMPLES[1]!.values)).toBe(
      EXAMPLES[1]!.label,
    );
    // Served from onnxruntime-web's own folder, compiled on the page.
    expect(urls.filter((u) => u.endsWith('.wasm'))).toEqual([
      `http://127.0.0.1:${port}/node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm`,
    ]);
  } finally {
    server.kill();
    dev = undefined;
  }
});

test('without a bundler, an import map is enough; a second copy of Formcast warns and does not throw', async ({
  page,
}) => {
  const urls = recordRequests(page);
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${unbuilt.url}plain.html`);
  await expect(shownLabel(page)).toHaveAttribute('data-label', EXAMPLES[0]!.label, {
    timeout: 20_000,
  });
  for (const { values, label } of EXAMPLES) {
    expect(await page.evaluate((v) => window.formcast.label(v), values)).toBe(label);
  }
  // The package's self-contained worker (import maps do not reach workers), and the binary the
  // import map names, compiled on the page.
  expect(urls.some((u) => u.endsWith('/formcast/dist/worker/predictor.worker.standalone.js'))).toBe(
    true,
  );
  expect(urls.filter((u) => u.endsWith('.wasm'))).toEqual([
    `${unbuilt.url}node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm`,
  ]);

  expect(await page.evaluate(() => window.formcast.importSecondCopy())).toBe('imported');
  expect(warnings).toEqual(
    expect.arrayContaining([
      expect.stringContaining('<formcast-predictor> is already defined on this page'),
      expect.stringContaining('<formcast-batch> is already defined on this page'),
    ]),
  );
  await showValues(page, EXAMPLES[1]!.values);
  await expect(shownLabel(page)).toHaveAttribute('data-label', EXAMPLES[1]!.label);
  expect(errors).toEqual([]);
});
