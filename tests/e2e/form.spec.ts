import { expect, test } from '@playwright/test';
import { fieldMessage, numberField, radio, shownLabel, waitForPrediction } from './helpers';

test.describe('the prediction form', () => {
  test('predicts the tutorial’s worked examples as the user types', async ({ page }) => {
    await page.goto('./');
    await waitForPrediction(page);

    await numberField(page, 'Age').fill('60');
    await radio(page, 'Sex', 'Female').check();
    await radio(page, 'Blood pressure', 'Low').check();
    await radio(page, 'Cholesterol', 'High').check();
    await numberField(page, 'Na_to_K').fill('20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');

    await numberField(page, 'Age').fill('47');
    await radio(page, 'Blood pressure', 'High').check();
    await numberField(page, 'Na_to_K').fill('14');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    // One bar per class, most likely first, each with its value as text.
    const bars = page.locator('formcast-result li');
    await expect(bars).toHaveCount(5);
    await expect(bars.first()).toHaveAttribute('data-class', 'drugA');
    await expect(bars.first()).toContainText('%');
    // Each bar's filled share of its track is the class probability it stands for.
    const fill = (i: number) =>
      bars
        .nth(i)
        .locator('.bar')
        .evaluate(
          (bar) =>
            bar.getBoundingClientRect().width / bar.parentElement!.getBoundingClientRect().width,
        );
    const shown = await page.evaluate(() => {
      const widget = document
        .querySelector('formcast-app')!
        .shadowRoot!.querySelector('formcast-predictor')!;
      return widget.predict({ Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 });
    });
    if (shown.task === 'regression') throw new Error('the drug model classifies');
    expect(await fill(0)).toBeCloseTo(shown.ranked[0]!.probability, 1);
    expect(await fill(4)).toBeCloseTo(shown.ranked[4]!.probability, 1);
  });

  test('a link with the tutorial’s parameters pre-fills the form and predicts', async ({
    page,
  }) => {
    await page.goto('./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    await expect(numberField(page, 'Age')).toHaveValue('47');
    await expect(radio(page, 'Blood pressure', 'High')).toBeChecked();
    await expect(page.getByTestId('link-problems')).toHaveCount(0);
  });

  test('the URL follows the form, so the address is a shareable link', async ({ page }) => {
    await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
    await waitForPrediction(page);
    await numberField(page, 'Age').fill('33');
    await radio(page, 'Sex', 'Male').check();
    await expect(page).toHaveURL(/Age=33/);
    await expect(page).toHaveURL(/Sex=M/);
    const shared = page.url();
    const expected = await shownLabel(page).getAttribute('data-label');

    await page.goto(shared);
    await expect(numberField(page, 'Age')).toHaveValue('33');
    await expect(shownLabel(page)).toHaveAttribute('data-label', expected!);
  });

  test('invalid link parameters are reported, not ignored', async ({ page }) => {
    await page.goto('./?Age=abc&Sex=F&BP=VERY%20HIGH&Cholesterol=HIGH&Na_to_K=20&Agee=3');
    const problems = page.getByTestId('link-problems');
    await expect(problems).toContainText('Age: "abc" is not a number');
    await expect(problems).toContainText('BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL');
    await expect(problems).toContainText('Unknown link parameter "Agee" (did you mean "Age"?)');
    await expect(fieldMessage(page, 'Age')).toContainText('"abc" is not a number');
    await expect(shownLabel(page)).toHaveCount(0);
  });

  test('lower-case categories in a link are accepted as their canonical value', async ({
    page,
  }) => {
    await page.goto('./?Age=60&Sex=f&BP=low&Cholesterol=high&Na_to_K=20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    await expect(radio(page, 'Blood pressure', 'Low')).toBeChecked();
  });

  test('an invalid field shows its message and no stale prediction', async ({ page }) => {
    await page.goto('./');
    await waitForPrediction(page);
    await numberField(page, 'Age').fill('abc');
    await expect(fieldMessage(page, 'Age')).toHaveText(/Error: "abc" is not a number/);
    await expect(numberField(page, 'Age')).toHaveAttribute('aria-invalid', 'true');
    await expect(shownLabel(page)).toHaveCount(0);
    await expect(page.locator('formcast-result')).toContainText('Correct the highlighted fields');

    await numberField(page, 'Age').fill('');
    await expect(fieldMessage(page, 'Age')).toContainText('Required');
    await numberField(page, 'Age').fill('14,5');
    await expect(fieldMessage(page, 'Age')).toContainText('use a dot as the decimal separator');

    await numberField(page, 'Age').fill('50');
    await expect(fieldMessage(page, 'Age')).toHaveCount(0);
    await waitForPrediction(page);
  });

  test('a value outside the training range predicts with a visible warning', async ({ page }) => {
    await page.goto('./');
    await waitForPrediction(page);
    await numberField(page, 'Age').fill('90');
    await expect(fieldMessage(page, 'Age')).toContainText('outside the training range');
    await waitForPrediction(page);
  });

  test('the result is announced through a live region', async ({ page }) => {
    await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
    await waitForPrediction(page);
    await expect(page.locator('formcast-result [role="status"]')).toContainText(/Prediction: .+ %/);
  });

  test('the model card shows version, accuracy, provenance and the not-medical-advice note', async ({
    page,
  }) => {
    const manifest = await (await page.request.get('models/drug/manifest.json')).json();
    await page.goto('./');
    await waitForPrediction(page);
    await page.getByText('About this model').click();
    const card = page.locator('formcast-model-card');
    await expect(card.locator('[data-field="version"]')).toHaveText(manifest.version);
    // Mean ± std in the metric's format (percentages here), as the page's locale writes them.
    const { mean, std, format } = manifest.metrics.crossValidation;
    const shown = await page.evaluate(
      ([m, s, f]) => {
        const digits = f.minimumFractionDigits ?? f.maximumFractionDigits;
        const n = new Intl.NumberFormat(undefined, { ...f, minimumFractionDigits: digits });
        return `${n.format(m)} ± ${n.format(s)}`;
      },
      [mean, std, format] as const,
    );
    await expect(card.locator('[data-metric="accuracy"]')).toContainText(shown);
    await expect(card).toContainText('drug200.csv');
    await expect(card).toContainText('not medical advice');
  });

  test('works with the keyboard alone', async ({ page }) => {
    await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
    await waitForPrediction(page);
    await numberField(page, 'Age').focus();
    await page.keyboard.press('ArrowUp');
    await expect(numberField(page, 'Age')).toHaveValue('61');
    await page.keyboard.press('Tab'); // to the Sex radio group
    await page.keyboard.press('ArrowRight'); // F → M
    await expect(radio(page, 'Sex', 'Male')).toBeChecked();
    await page.keyboard.press('Tab'); // Blood pressure
    await page.keyboard.press('ArrowRight'); // LOW → NORMAL
    await expect(radio(page, 'Blood pressure', 'Normal')).toBeChecked();
    await expect(page).toHaveURL(/BP=NORMAL/);
    await waitForPrediction(page);
  });

  test('fits a phone screen without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('./');
    await waitForPrediction(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
