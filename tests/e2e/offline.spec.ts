import { expect, type Page, test } from '@playwright/test';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import { distDir, numberField, radio, shownLabel, STRICT_CSP, waitForPrediction } from './helpers';
import { buildSecondSite, removeBuild } from './second-build';
import { shownOutcome } from './task-helpers';

const tutorialLink = '?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14';

test.use({ serviceWorkers: 'allow' });

async function waitForOfflineReady(page: Page): Promise<void> {
  await expect(page.locator('formcast-offline-status [data-offline-ready="true"]')).toContainText(
    'Ready for offline use',
  );
}

/** Where the page's compiled runtime came from, as its `formcast:runtime-compiled` mark says. */
function runtimeBytes(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const entry = performance.getEntriesByName('formcast:runtime-compiled')[0];
    return (entry as PerformanceMark | undefined)?.detail;
  });
}

test.describe('offline-first site', () => {
  let server: StaticServer;
  test.beforeEach(async () => {
    server = await startStaticServer({ root: distDir });
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('after one visit, a reload and a new tab predict with the network off', async ({
    page,
    context,
  }) => {
    await page.goto(server.url + tutorialLink);
    await waitForPrediction(page);
    await waitForOfflineReady(page);

    await context.setOffline(true);
    await page.reload();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    // A reload compiles the service worker's stored copy of the runtime, read as a Blob.
    expect(await runtimeBytes(page)).toEqual({ source: 'page', bytes: 'precache' });
    await numberField(page, 'Na_to_K').fill('20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');

    const tab = await context.newPage();
    await tab.goto(`${server.url}?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20`);
    await expect(shownLabel(tab)).toHaveAttribute('data-label', 'DrugY');
    await waitForOfflineReady(tab);
  });

  test('a first visit streams the runtime; a reload whose stored copy the browser refuses streams it too, and predicts', async ({
    page,
  }) => {
    await page.goto(server.url + tutorialLink);
    await waitForPrediction(page);
    expect(await runtimeBytes(page)).toEqual({ source: 'page', bytes: 'response' });
    await waitForOfflineReady(page);
    // A browser that cannot compile a response without a URL (the Blob of the stored copy).
    await page.addInitScript(() => {
      const compile = WebAssembly.compileStreaming;
      WebAssembly.compileStreaming = (source) =>
        Promise.resolve(source).then((response) =>
          response.url === ''
            ? Promise.reject(new TypeError('no URL, no compile'))
            : compile(response),
        );
    });
    await page.reload();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    expect(await runtimeBytes(page)).toEqual({ source: 'page', bytes: 'response' });
    await numberField(page, 'Na_to_K').fill('20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
  });

  test("a reload ignores a stored runtime that is not this build's, and predicts", async ({
    page,
  }) => {
    await page.goto(server.url + tutorialLink);
    await waitForPrediction(page);
    await waitForOfflineReady(page);
    // The service worker's copy is gone, and a host's own cache keeps another (here empty)
    // WebAssembly module under the runtime's address: compiled, it would leave the worker
    // without onnxruntime-web's exports.
    await page.evaluate(async () => {
      const url = performance
        .getEntriesByType('resource')
        .find((e) => e.name.endsWith('.wasm'))!.name;
      for (const key of await caches.keys()) await (await caches.open(key)).delete(url);
      const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
      await (
        await caches.open('host-cache')
      ).put(url, new Response(empty, { headers: { 'Content-Type': 'application/wasm' } }));
    });
    await page.reload();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    expect(await runtimeBytes(page)).toEqual({ source: 'page', bytes: 'response' });
  });

  test('after one visit to the first model, every other model of the index works offline', async ({
    page,
    context,
  }) => {
    await page.goto(server.url);
    await waitForPrediction(page);
    await waitForOfflineReady(page);
    const index = (await (await page.request.get(`${server.url}models/index.json`)).json()) as {
      models: { id: string }[];
    };
    expect(index.models.length).toBeGreaterThan(1);

    await context.setOffline(true);
    for (const { id } of index.models) {
      const tab = await context.newPage();
      await tab.goto(`${server.url}?model=${id}`);
      await expect(shownOutcome(tab)).toBeVisible();
      // The app's own widget, through its public predict(): each task answers in its own shape.
      const answer = await tab.evaluate(async (modelId) => {
        const widget = document
          .querySelector('formcast-app')!
          .shadowRoot!.querySelector('formcast-predictor')!;
        // Served by the service worker: the network is off.
        const manifest = (await (await fetch(`models/${modelId}/manifest.json`)).json()) as {
          inputs: { name: string; example: number | string | null }[];
        };
        const example = Object.fromEntries(manifest.inputs.map((i) => [i.name, i.example]));
        const p = await widget.predict(example);
        return {
          modelId: p.modelId,
          ok: p.task === 'regression' ? Number.isFinite(p.value) : p.label.length > 0,
        };
      }, id);
      expect(answer, id).toMatchObject({ modelId: id, ok: true });
      await tab.close();
    }
  });

  test('the stored-data panel lists the cached model and clears everything', async ({ page }) => {
    await page.goto(server.url);
    await waitForOfflineReady(page);
    await page.getByText('Data stored on this device').click();
    await expect(page.getByTestId('stored-models')).toContainText('models/drug/');
    await expect(page.getByTestId('stored-usage')).toContainText(/About [\d.]+ MB in use/);
    await page.getByRole('button', { name: 'Clear stored data' }).click();
    await expect(page.locator('formcast-stored-data')).toContainText('Cleared.');
    await expect(page.locator('formcast-stored-data')).toContainText(
      'No model is stored for offline use.',
    );
    expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(0);
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length),
    ).toBe(0);
  });

  test('works from a sub-path, online and offline', async ({ page, context }) => {
    const nested = await startStaticServer({ root: distDir, base: '/tools/formcast/' });
    try {
      await page.goto(nested.url + tutorialLink);
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
      await waitForOfflineReady(page);
      const scope = await page.evaluate(
        async () => (await navigator.serviceWorker.getRegistration())?.scope,
      );
      expect(scope).toBe(nested.url);
      await context.setOffline(true);
      await page.reload();
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    } finally {
      await nested.close();
    }
  });

  test('under a strict Content-Security-Policy: predicts, no violation, no console error', async ({
    page,
  }) => {
    const strict = await startStaticServer({
      root: distDir,
      headers: { 'content-security-policy': STRICT_CSP },
    });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('worker', (w) =>
      w.on('console', (m) => m.type() === 'error' && problems.push(`worker: ${m.text()}`)),
    );
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { violations?: string[] }).violations ??= [];
        (window as unknown as { violations: string[] }).violations.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        );
      });
    });
    try {
      await page.goto(strict.url + tutorialLink);
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
      await radio(page, 'Blood pressure', 'Low').check();
      await expect(shownLabel(page)).toBeVisible();
      await waitForOfflineReady(page);
      const violations = await page.evaluate(
        () => (window as unknown as { violations?: string[] }).violations ?? [],
      );
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  test('nothing leaves the origin, and predictions make no request at all', async ({
    page,
    context,
  }) => {
    const requests: { url: string; phase: string; from: string }[] = [];
    let phase = 'load';
    context.on('request', (r) =>
      requests.push({
        url: r.url(),
        phase,
        from: r.serviceWorker() ? 'service worker' : 'page or its worker',
      }),
    );
    await page.goto(server.url);
    await waitForPrediction(page);
    await waitForOfflineReady(page);
    phase = 'predicting';
    for (const [age, na] of [
      ['23', '25.3'],
      ['47', '14'],
      ['60', '20'],
      ['70', '9.5'],
    ]) {
      await numberField(page, 'Age').fill(age!);
      await numberField(page, 'Na_to_K').fill(na!);
      await expect(numberField(page, 'Na_to_K')).toHaveValue(na!);
      await waitForPrediction(page);
    }
    const origin = new URL(server.url).origin;
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((r) => new URL(r.url).origin !== origin)).toEqual([]);
    expect(requests.filter((r) => r.phase === 'predicting')).toEqual([]);
    // The service worker's precache downloads happened, and went to our origin too.
    expect(requests.some((r) => r.from === 'service worker' && r.url.endsWith('.wasm'))).toBe(true);
  });
});

test.describe('updates', () => {
  let distB: string;
  test.beforeAll(() => {
    test.setTimeout(120_000);
    distB = buildSecondSite();
  });
  test.afterAll(() => removeBuild(distB));

  test('a new deployment is offered, never swapped in by itself, and brings its model on reload', async ({
    page,
  }) => {
    const server = await startStaticServer({ root: distDir });
    try {
      await page.goto(server.url + tutorialLink);
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
      await waitForOfflineReady(page);
      await page.getByText('About this model').click();
      await expect(page.locator('formcast-model-card [data-field="version"]')).toHaveText('1.0.0');

      server.setRoot(distB); // deploy B
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const prompt = page.getByRole('button', { name: 'Reload to update' });
      await expect(prompt).toBeVisible();
      // The open page keeps A's code and A's model until the user says otherwise.
      await numberField(page, 'Age').fill('48');
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
      await expect(page.locator('formcast-model-card [data-field="version"]')).toHaveText('1.0.0');

      await Promise.all([page.waitForEvent('load'), prompt.click()]);
      await page.getByText('About this model').click();
      await expect(page.locator('formcast-model-card [data-field="version"]')).toHaveText('2.0.0');
      await expect(numberField(page, 'Age')).toHaveValue('48');
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
    } finally {
      await server.close();
    }
  });
});
