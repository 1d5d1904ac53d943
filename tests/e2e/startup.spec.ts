import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  distDir,
  holdRequests,
  numberField,
  radio,
  shownLabel,
  shownResult,
  waitForPrediction,
} from './helpers';

/** The built runtime binary in the build under test. */
function runtimeWasmFile(): string {
  const name = readdirSync(join(distDir, 'assets')).find((f) => f.endsWith('.wasm'));
  return join(distDir, 'assets', name!);
}

/** Who compiled the worker's runtime, as its `formcast:worker:runtime` mark says. */
async function runtimeSource(page: Page): Promise<unknown> {
  const mark = await page.evaluate(() => {
    const entry = performance.getEntriesByName('formcast:worker:runtime')[0];
    return entry && (entry as PerformanceMark).detail;
  });
  return mark;
}

test.describe('start-up and the site shell', () => {
  test('the form works while the runtime downloads; the first prediction is for what is on screen', async ({
    page,
  }) => {
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { predicted: unknown[] }).predicted = seen;
      document.addEventListener('formcast-predict', (e) => seen.push((e as CustomEvent).detail));
    });
    const order: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) order.push('runtime requested');
    });
    page.on('requestfinished', (r) => {
      if (r.url().endsWith('/manifest.json')) order.push('manifest in');
    });
    const release = await holdRequests(page, '**/*.wasm');
    await page.goto('./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14');
    // The runtime is still downloading: progress with true totals (the binary's decoded size,
    // the model's size from its manifest), and a form that takes input and keeps the URL.
    const progress = page.locator('formcast-predictor [part="progress"]');
    await expect(progress).toContainText('Downloading the prediction engine');
    await expect(progress).toContainText(/Runtime 0 KB of 14\.\d MB · model 1 KB of 1 KB/);
    await expect(page.locator('formcast-predictor progress')).toBeVisible();
    await numberField(page, 'Age').fill('61');
    await radio(page, 'Blood pressure', 'Low').check();
    await numberField(page, 'Na_to_K').fill('20');
    await expect(page).toHaveURL(/Age=61&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20/);
    await expect(shownResult(page)).toHaveCount(0);
    // The manifest came first: the runtime's 14 MB stream into the compiler holds the page's main
    // thread, and the form waited for it.
    expect(order).toEqual(['manifest in', 'runtime requested']);
    release();
    await waitForPrediction(page);
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    // No prediction was ever shown for other values than those typed.
    const predicted = await page.evaluate(
      () => (window as unknown as { predicted: { inputs: unknown }[] }).predicted,
    );
    expect(predicted.map((p) => p.inputs)).toEqual([
      { Age: 61, Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 },
    ]);
    expect(await runtimeSource(page)).toEqual({ compiledBy: 'page' });
  });

  // Each way the runtime can start predicts. The page compiles the binary where it can; where it
  // cannot, the worker downloads and compiles it itself.
  const fallbacks: {
    name: string;
    reason: RegExp;
    arrange: (page: Page) => Promise<unknown>;
  }[] = [
    {
      name: 'a host that serves the binary without application/wasm',
      reason: /MIME type/,
      arrange: (page) =>
        page.route('**/*.wasm', (route) =>
          route.fulfill({ path: runtimeWasmFile(), contentType: 'application/octet-stream' }),
        ),
    },
    {
      name: 'a browser without WebAssembly.compileStreaming',
      reason: /no WebAssembly\.compileStreaming/,
      arrange: (page) =>
        page.addInitScript(() => {
          delete (WebAssembly as { compileStreaming?: unknown }).compileStreaming;
        }),
    },
    {
      name: 'a compiled module that cannot be sent to the worker',
      reason: /could not be sent to the worker/,
      arrange: (page) =>
        page.addInitScript(() => {
          const post = Worker.prototype.postMessage;
          Worker.prototype.postMessage = function (
            this: Worker,
            message: unknown,
            ...rest: never[]
          ) {
            if ((message as { module?: unknown } | null)?.module instanceof WebAssembly.Module)
              throw new DOMException('cannot clone', 'DataCloneError');
            return post.call(this, message, ...rest);
          } as typeof post;
        }),
    },
  ];
  for (const fallback of fallbacks) {
    test(`the worker starts the runtime itself for ${fallback.name}, and predicts`, async ({
      page,
    }) => {
      await fallback.arrange(page);
      await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
      expect(await runtimeSource(page)).toEqual({
        compiledBy: 'worker',
        reason: expect.stringMatching(fallback.reason),
      });
      await numberField(page, 'Na_to_K').fill('9.5');
      await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC');
    });
  }

  test('emits typed events that cross the shadow root', async ({ page }) => {
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { seen: unknown[] }).seen = seen;
      for (const name of ['formcast-ready', 'formcast-predict', 'formcast-error']) {
        document.addEventListener(name, (e) =>
          seen.push({ type: e.type, detail: (e as CustomEvent).detail }),
        );
      }
    });
    await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
    await waitForPrediction(page);
    const seen = await page.evaluate(
      () =>
        (window as unknown as { seen: { type: string; detail: Record<string, unknown> }[] }).seen,
    );
    expect(seen[0]).toMatchObject({
      type: 'formcast-ready',
      detail: { modelId: 'drug', modelVersion: '1.0.0' },
    });
    const predicted = seen.find((e) => e.type === 'formcast-predict');
    expect(predicted?.detail).toMatchObject({
      task: 'classification',
      label: 'DrugY',
      inputs: { Age: 60, Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 },
      modelId: 'drug',
    });
    expect((predicted?.detail.probabilities as Record<string, number>).DrugY).toBe(1);
  });

  test('an unreachable model list is an error message, not a blank page', async ({ page }) => {
    await page.route('**/models/index.json', (route) => route.fulfill({ status: 500, body: '' }));
    await page.goto('./');
    await expect(page.locator('formcast-app [role="alert"]')).toContainText(
      'The list of models could not be loaded',
    );
  });

  test('an unknown ?model= names the models that exist', async ({ page }) => {
    const index = (await (await page.request.get('models/index.json')).json()) as {
      models: { id: string }[];
    };
    await page.goto('./?model=nope');
    await expect(page.locator('formcast-app [role="alert"]')).toContainText(
      `There is no model "nope". Available: ${index.models.map((m) => m.id).join(', ')}.`,
    );
    await expect(shownLabel(page)).toHaveCount(0);
  });
});
