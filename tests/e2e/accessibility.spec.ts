import { expect, test } from '@playwright/test';
import { axeViolations, numberField, waitForPrediction } from './helpers';

test.describe('accessibility (axe-core)', () => {
  test('no violations with a prediction shown and the model card open', async ({ page }) => {
    await page.goto('./');
    await waitForPrediction(page);
    await page.getByText('About this model').click();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('no violations with an invalid field and an out-of-range warning', async ({ page }) => {
    await page.goto('./');
    await waitForPrediction(page);
    await numberField(page, 'Age').fill('abc');
    await numberField(page, 'Na_to_K').fill('99');
    await expect(page.locator('formcast-field .message')).toHaveCount(2);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('no violations on the error screen', async ({ page }) => {
    await page.route('**/models/drug/model*.onnx', (route) =>
      route.fulfill({ status: 404, body: '' }),
    );
    await page.goto('./');
    await expect(page.locator('formcast-predictor [role="alert"]')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});
