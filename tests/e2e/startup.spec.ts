import { expect, test } from '@playwright/test';
import { holdRequests, numberField, shownLabel, waitForPrediction } from './helpers';

test.describe('start-up and the site shell', () => {
  test('shows download progress, and the form as soon as the manifest is in', async ({ page }) => {
    const release = await holdRequests(page, '**/*.wasm');
    await page.goto('./');
    // The runtime is still downloading: progress is visible, the form is already usable.
    await expect(page.locator('formcast-predictor [part="progress"]')).toContainText(
      'Downloading the prediction engine',
    );
    await expect(page.locator('formcast-predictor progress')).toBeVisible();
    await expect(numberField(page, 'Age')).toBeEditable();
    await numberField(page, 'Age').fill('47');
    release();
    await waitForPrediction(page);
    await expect(numberField(page, 'Age')).toHaveValue('47');
  });

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
