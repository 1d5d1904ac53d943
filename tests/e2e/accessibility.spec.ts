import { createRequire } from 'node:module';
import { expect, type Page, test } from '@playwright/test';
import { numberField, waitForPrediction } from './helpers';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; help: string; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`,
    );
  });
}

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
    await page.route('**/models/drug/model.onnx', (route) =>
      route.fulfill({ status: 404, body: '' }),
    );
    await page.goto('./');
    await expect(page.locator('formcast-predictor [role="alert"]')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});
