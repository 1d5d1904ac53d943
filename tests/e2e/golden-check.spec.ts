import { expect, type Page, test } from '@playwright/test';
import { readJson, waitForPrediction } from './helpers';

// The model card's "Check this model in this browser": golden.json through the page's own
// worker, loaded on demand; a row that disagrees is named.

interface Golden {
  readonly classes: string[];
  readonly rows: { note: string; label: string; probabilities: number[] }[];
}

const golden = readJson<Golden>('public/models/drug/golden.json');

async function runCheck(page: Page) {
  await page.getByText('About this model').click();
  await page.getByRole('button', { name: 'Check this model in this browser' }).click();
  const status = page.locator('formcast-model-card [data-field="golden-check"] [role="status"]');
  await expect(status).toHaveAttribute('data-status', 'done');
  return status;
}

test('a bundled model agrees with scikit-learn on every golden row, checked on demand', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
  await page.goto('./?model=drug');
  await waitForPrediction(page);
  // Nothing of the check is on the way to the first prediction.
  expect(scripts.filter((url) => url.includes('check-golden'))).toEqual([]);
  const status = await runCheck(page);
  await expect(status).toHaveText(
    `${golden.rows.length}/${golden.rows.length} rows agree with scikit-learn, largest difference 0.`,
  );
  await expect(status).toHaveAttribute('data-agree', 'true');
  expect(scripts.filter((url) => url.includes('check-golden'))).toHaveLength(1);
});

test('a model directory whose golden row was altered: the check names the row', async ({
  page,
}) => {
  const altered = structuredClone(golden);
  const row = altered.rows[5]!;
  const expected = row.label;
  row.label = golden.classes.find((c) => c !== expected)!;
  await page.route('**/models/drug/golden.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(altered) }),
  );
  await page.goto('./?model=drug');
  await waitForPrediction(page);
  const status = await runCheck(page);
  await expect(status).toHaveText(
    `${golden.rows.length - 1}/${golden.rows.length} rows agree with scikit-learn; row 5 ` +
      `(${row.note}) differs: label ${expected}, expected ${row.label} (tolerance 0.000001).`,
  );
  await expect(status).toHaveAttribute('data-agree', 'false');
});
