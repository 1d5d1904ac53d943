import { createHash } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { holdRequests, numberField, readRepoFile, shownLabel, waitForPrediction } from './helpers';

// The browser loads the numeric variant when the manifest has one (it does): corrupt that.
const modelBytes = readRepoFile('public/models/drug/model.numeric.onnx');
const manifestText = readRepoFile('public/models/drug/manifest.json').toString('utf8');

function errorBox(page: Page) {
  return page.locator('formcast-predictor [role="alert"][data-code]');
}

/** Serves a modified manifest instead of the real one. */
async function serveManifest(
  page: Page,
  edit: (m: Record<string, unknown>) => unknown,
): Promise<void> {
  await page.route('**/models/drug/manifest.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify(edit(JSON.parse(manifestText))),
    }),
  );
}

test.describe('failures are explained, and recoverable', () => {
  test('a missing model file: a clear message, then Try again recovers', async ({ page }) => {
    await page.route('**/models/drug/model*.onnx', (route) =>
      route.fulfill({ status: 404, body: 'Not Found' }),
    );
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MODEL_FETCH_FAILED');
    await expect(errorBox(page)).toContainText('could not be downloaded');
    await expect(errorBox(page)).toContainText('404');

    await page.unroute('**/models/drug/model*.onnx');
    await errorBox(page).getByRole('button', { name: 'Try again' }).click();
    await waitForPrediction(page);
  });

  test('a corrupt model file is caught by its sha256 before it runs', async ({ page }) => {
    const corrupt = Buffer.from(modelBytes);
    corrupt[Math.floor(corrupt.length / 2)]! ^= 0xff;
    await page.route('**/models/drug/model*.onnx', (route) => route.fulfill({ body: corrupt }));
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MODEL_INTEGRITY');
    await expect(errorBox(page)).toContainText('sha256');
    await expect(errorBox(page)).toContainText('redeploy');
  });

  test('a file that is not an ONNX model is refused by the runtime with its reason', async ({
    page,
  }) => {
    const junk = Buffer.from('this is not an onnx model');
    const sha256 = createHash('sha256').update(junk).digest('hex');
    await page.route('**/models/drug/model*.onnx', (route) => route.fulfill({ body: junk }));
    await serveManifest(page, (m) => {
      const model = m.model as { numeric: object };
      return {
        ...m,
        model: {
          ...model,
          sha256,
          bytes: junk.length,
          numeric: { ...model.numeric, sha256, bytes: junk.length },
        },
      };
    });
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MODEL_INVALID');
    await expect(errorBox(page)).toContainText('could not be opened by the ONNX runtime');
  });

  test('a manifest that does not match the model names both sides', async ({ page }) => {
    // Without the numeric variant the browser runs model.onnx, whose inputs are the raw columns.
    await serveManifest(page, (m) => ({
      ...m,
      model: { ...(m.model as object), numeric: undefined },
      inputs: (m.inputs as { name: string; tensor: object }[]).map((i) =>
        i.name === 'Age' ? { ...i, tensor: { name: 'age_years', dtype: 'float32' } } : i,
      ),
    }));
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MODEL_SIGNATURE_MISMATCH');
    await expect(errorBox(page)).toContainText(
      'input "age_years" is in the manifest but not in the model',
    );
    await expect(errorBox(page)).toContainText(
      'input "Age" is in the model but not in the manifest',
    );
  });

  test('a numeric feature layout of the wrong width is refused', async ({ page }) => {
    await serveManifest(page, (m) => {
      const model = m.model as { numeric: { features: object[] } };
      const features = [...model.numeric.features, { input: 'Age' }];
      return { ...m, model: { ...model, numeric: { ...model.numeric, features } } };
    });
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MODEL_SIGNATURE_MISMATCH');
    await expect(errorBox(page)).toContainText(
      'input "features" takes 9 features in the model but the manifest lists 10',
    );
  });

  test('a malformed manifest says where it is wrong', async ({ page }) => {
    await serveManifest(page, (m) => ({ ...m, inputs: 'Age' }));
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MANIFEST_INVALID');
    await expect(errorBox(page)).toContainText('/inputs');
  });

  test('a missing manifest is reported with its address', async ({ page }) => {
    await page.route('**/models/drug/manifest.json', (route) =>
      route.fulfill({ status: 404, body: 'nope' }),
    );
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MANIFEST_FETCH_FAILED');
    await expect(errorBox(page)).toContainText('models/drug/manifest.json');
  });

  test('a runtime that cannot be downloaded is reported', async ({ page }) => {
    await page.route('**/*.wasm', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'RUNTIME_LOAD_FAILED');
    await expect(errorBox(page)).toContainText('503');
  });

  test('a worker that crashes is reported, then restarted on the next attempt', async ({
    page,
  }) => {
    // Hold the runtime download so the crash lands while the model is loading.
    const release = await holdRequests(page, '**/*.wasm');
    const firstWorker = page.waitForEvent('worker');
    await page.goto('./');
    const worker = await firstWorker;
    await worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    await expect(errorBox(page)).toHaveAttribute('data-code', 'WORKER_CRASHED');
    await expect(errorBox(page)).toContainText('stopped unexpectedly');
    release();

    const secondWorker = page.waitForEvent('worker');
    await errorBox(page).getByRole('button', { name: 'Try again' }).click();
    await secondWorker;
    await waitForPrediction(page);
    await numberField(page, 'Age').fill('60');
    await expect(shownLabel(page)).toBeVisible();
  });

  test('an idle worker that crashes is replaced on the next change', async ({ page }) => {
    await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
    await waitForPrediction(page);
    const [worker] = page.workers();
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    await expect.poll(() => page.workers().length).toBe(0);
    await numberField(page, 'Na_to_K').fill('14');
    await expect(shownLabel(page)).toHaveAttribute('data-label', /drug/);
    expect(page.workers()).toHaveLength(1);
  });
});
