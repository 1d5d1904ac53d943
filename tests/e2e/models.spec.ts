// Every model of the index in the app: the picker, the form each manifest describes, and the
// result each task calls for, checked against the widget's own API (real inference, Chromium).
import { expect, type Page, test } from '@playwright/test';
import { formatProbability } from '../../src/format/format';
import type { RawValues } from '../../src/inputs/validate-inputs';
import type {
  ClassificationManifest,
  InputSpec,
  ModelManifest,
  NumberFormat,
  NumberInputSpec,
  RegressionManifest,
} from '../../src/manifest/manifest-types';
import type { ClassPrediction, Prediction, ValuePrediction } from '../../src/runtime/answers';
import { axeViolations, fieldMessage, numberField, readJson, waitForPrediction } from './helpers';

interface IndexEntry {
  readonly id: string;
  readonly title: string;
}

const index = readJson<{ models: IndexEntry[] }>('public/models/index.json').models;
const manifestOf = <T extends ModelManifest>(id: string) =>
  readJson<T>(`public/models/${id}/manifest.json`);
const hr = manifestOf<ClassificationManifest>('hr');
const house = manifestOf<RegressionManifest>('house');

/** The values the form starts with: each input's example (null leaves it empty). */
function examples(manifest: ModelManifest): Record<string, string | number | null> {
  return Object.fromEntries(manifest.inputs.map((s) => [s.name, s.example]));
}

/** The app's widget predicting `values` through its public API, beside the form. */
function apiPredict(page: Page, values: RawValues): Promise<Prediction> {
  return page.evaluate(async (v) => {
    const app = document.querySelector('formcast-app')!;
    return app.shadowRoot!.querySelector('formcast-predictor')!.predict(v);
  }, values);
}

function classPrediction(p: Prediction): ClassPrediction {
  if (p.task === 'regression') throw new Error('expected a class prediction');
  return p;
}

function valuePrediction(p: Prediction): ValuePrediction {
  if (p.task !== 'regression') throw new Error('expected a value prediction');
  return p;
}

/** What the result shows: the positive class's probability, or the value. */
function headlineNumber(manifest: ModelManifest, p: Prediction): number {
  if (manifest.task === 'regression') return valuePrediction(p).value;
  return classPrediction(p).probabilities[manifest.outputs.positive!]!;
}

/** A number as the page's own Intl formats it (the locale is the browser's). */
function formatInPage(page: Page, value: number, format: NumberFormat | undefined) {
  return page.evaluate(
    ([v, f]) =>
      new Intl.NumberFormat(undefined, { maximumFractionDigits: 4, ...f }).format(v as number),
    [value, format ?? {}] as const,
  );
}

const meter = (page: Page) => page.locator('formcast-result meter');
const shownValue = (page: Page) => page.locator('formcast-result [part="value"]');
const picker = (page: Page) => page.getByRole('navigation', { name: 'Models' });

/** The field of an input, located by its visible name (which says "(optional)" when it is). */
function fieldOf(page: Page, spec: InputSpec) {
  return page.locator('formcast-field').filter({ has: page.locator(`[name="${spec.name}"]`) });
}

test.describe('the model picker', () => {
  test('lists every model, marks the current one, and selects a model by ?model=', async ({
    page,
  }) => {
    await page.goto('./');
    await waitForPrediction(page);
    const links = picker(page).getByRole('link');
    await expect(links).toHaveCount(index.length);
    await expect(links.first()).toHaveAttribute('aria-current', 'page');

    for (const manifest of [hr, house]) {
      await picker(page).getByRole('link', { name: manifest.title, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`[?&]model=${manifest.id}(&|$)`));
      await waitForPrediction(page);
      await expect(
        picker(page).getByRole('link', { name: manifest.title, exact: true }),
      ).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('[aria-current="page"]')).toHaveCount(1);
      await expect(page).toHaveTitle(`${manifest.title} · Formcast`);
      // The form is the manifest's: one field per input, in its order, named by its label.
      const fields = page.locator('formcast-field');
      await expect(fields).toHaveCount(manifest.inputs.length);
      for (const [i, spec] of manifest.inputs.entries()) {
        await expect(fields.nth(i)).toContainText(spec.label);
        await expect(fields.nth(i).locator(`[name="${spec.name}"]`).first()).toBeAttached();
      }
    }
  });

  test('the URL keeps the model while it carries that model’s inputs', async ({ page }) => {
    const spec = house.inputs.find((s): s is NumberInputSpec => s.type === 'number')!;
    await page.goto('./?model=house');
    await waitForPrediction(page);
    await numberField(page, spec.name).fill(String(spec.max));
    await expect(page).toHaveURL(new RegExp(`[?&]${spec.name}=${spec.max}(&|$)`));
    expect(new URL(page.url()).searchParams.get('model')).toBe('house');
  });
});

test.describe('a binary model (hr)', () => {
  test('headlines the positive class’s probability as a percentage and a meter', async ({
    page,
  }) => {
    await page.goto('./?model=hr');
    await waitForPrediction(page);
    const p = classPrediction(await apiPredict(page, examples(hr)));
    const probability = p.probabilities[hr.outputs.positive!]!;

    await expect(page.locator('formcast-result [part="probability"]')).toHaveText(
      formatProbability(probability),
    );
    const shownMeter = page.getByRole('meter', { name: hr.outputs.headline });
    await expect(shownMeter).toBeVisible();
    expect(await meter(page).evaluate((m) => (m as HTMLMeterElement).value)).toBeCloseTo(
      probability,
      6,
    );
    await expect(meter(page)).toHaveAttribute('optimum', '0');
    // The predicted class by its readable name, not a bare 0/1.
    const label = page.locator('formcast-result [part="label"]');
    await expect(label).toHaveAttribute('data-label', p.label);
    await expect(label).toHaveText(hr.outputs.classLabels![p.label]!);
    await expect(page.locator('formcast-result [role="status"]')).toContainText(
      `${hr.outputs.headline}: ${formatProbability(probability)}`,
    );
  });
});

test.describe('a regression model (house)', () => {
  test('shows the value and its range: the API’s value times the interval’s ratios', async ({
    page,
  }) => {
    await page.goto('./?model=house');
    await waitForPrediction(page);
    const p = valuePrediction(await apiPredict(page, examples(house)));
    const interval = house.outputs.interval!;
    expect(interval.kind).toBe('ratio');

    await expect(shownValue(page)).toHaveAttribute('data-value', String(p.value));
    await expect(shownValue(page)).toHaveText(
      await formatInPage(page, p.value, house.outputs.format),
    );
    const range = page.locator('formcast-result [part="range"]');
    const low = Number(await range.getAttribute('data-low'));
    const high = Number(await range.getAttribute('data-high'));
    expect(low / (p.value * interval.lower)).toBeCloseTo(1, 9);
    expect(high / (p.value * interval.upper)).toBeCloseTo(1, 9);
    await expect(range).toHaveText(
      `Between ${await formatInPage(page, low, house.outputs.format)} and ${await formatInPage(page, high, house.outputs.format)}`,
    );
    const note = page.locator('formcast-result [part="range-note"]');
    await expect(note).toContainText(`${house.metrics.crossValidation!.folds}-fold`);
    await expect(note).toContainText(`${Math.round(interval.coverage * 100)} %`);
    await expect(page.locator('formcast-result [role="status"]')).toContainText(
      `${house.outputs.label}: `,
    );
  });

  test('an optional field left empty predicts, as the API does with null', async ({ page }) => {
    const optional = house.inputs.find(
      (s): s is NumberInputSpec => s.optional === true && s.type === 'number',
    )!;
    await page.goto('./?model=house');
    await waitForPrediction(page);
    await expect(fieldOf(page, optional).locator('label')).toContainText('(optional)');
    await expect(page.getByRole('textbox', { name: `${optional.label} (optional)` })).toBeVisible();

    // Filled, then emptied again: no "missing" error, and the imputed value's prediction.
    const base = { ...examples(house), [optional.name]: null };
    await numberField(page, optional.name).fill(String(optional.max));
    const filled = valuePrediction(
      await apiPredict(page, { ...base, [optional.name]: optional.max }),
    );
    await expect(shownValue(page)).toHaveAttribute('data-value', String(filled.value));
    await numberField(page, optional.name).fill('');
    const empty = valuePrediction(await apiPredict(page, base));
    await expect(shownValue(page)).toHaveAttribute('data-value', String(empty.value));
    await expect(fieldMessage(page, optional.name)).toHaveCount(0);
    expect(empty.inputs[optional.name]).toBeNull();
    // The hint says what the model assumes instead.
    await expect(fieldOf(page, optional)).toContainText(optional.missing!.description!);
  });

  test('an optional category can be set back to “Not known”', async ({ page }) => {
    const optional = house.inputs.find((s) => s.optional === true && s.type === 'category')!;
    await page.goto('./?model=house');
    await waitForPrediction(page);
    const control = fieldOf(page, optional).locator('select, input[type="radio"][value=""]');
    await expect(control.first()).toBeAttached();
    const select = fieldOf(page, optional).locator('select');
    if ((await select.count()) > 0) {
      await expect(select).toHaveValue('');
      await select.selectOption({ label: 'Not known' });
    } else {
      await fieldOf(page, optional).getByRole('radio', { name: 'Not known' }).check();
    }
    const p = valuePrediction(
      await apiPredict(page, { ...examples(house), [optional.name]: null }),
    );
    await expect(shownValue(page)).toHaveAttribute('data-value', String(p.value));
  });

  test('a link to a form with an empty optional field round-trips', async ({ page }) => {
    const optional = house.inputs.find(
      (s): s is NumberInputSpec => s.optional === true && s.type === 'number',
    )!;
    const required = house.inputs.find(
      (s): s is NumberInputSpec => !s.optional && s.type === 'number',
    )!;
    await page.goto('./?model=house');
    await waitForPrediction(page);
    await numberField(page, optional.name).fill(String(optional.min));
    await numberField(page, optional.name).fill('');
    await numberField(page, required.name).fill(String(required.min));
    await expect(page).toHaveURL(new RegExp(`[?&]${required.name}=${required.min}(&|$)`));
    const link = new URL(page.url());
    expect(link.searchParams.has(optional.name)).toBe(false);
    const expected = valuePrediction(
      await apiPredict(page, {
        ...examples(house),
        [optional.name]: null,
        [required.name]: required.min,
      }),
    );
    await expect(shownValue(page)).toHaveAttribute('data-value', String(expected.value));

    await page.goto(link.href);
    await expect(numberField(page, optional.name)).toHaveValue('');
    await expect(numberField(page, required.name)).toHaveValue(String(required.min));
    await expect(shownValue(page)).toHaveAttribute('data-value', String(expected.value));
    await expect(page.getByTestId('link-problems')).toHaveCount(0);
  });
});

for (const manifest of [hr, house]) {
  test.describe(`${manifest.id} (${manifest.task})`, () => {
    test('editing a field changes the prediction to the API’s answer', async ({ page }) => {
      await page.goto(`./?model=${manifest.id}`);
      await waitForPrediction(page);
      const start = examples(manifest);
      const before = headlineNumber(manifest, await apiPredict(page, start));
      // A number input whose largest or smallest value moves the answer, found with the API.
      let edit: { name: string; value: number; after: number } | undefined;
      for (const spec of manifest.inputs) {
        if (spec.type !== 'number' || edit) continue;
        for (const value of [spec.max, spec.min]) {
          const after = headlineNumber(
            manifest,
            await apiPredict(page, { ...start, [spec.name]: value }),
          );
          if (after !== before) {
            edit = { name: spec.name, value, after };
            break;
          }
        }
      }
      expect(edit, 'some number input changes the prediction').toBeDefined();
      await numberField(page, edit!.name).fill(String(edit!.value));
      if (manifest.task === 'regression') {
        await expect(shownValue(page)).toHaveAttribute('data-value', String(edit!.after));
      } else {
        await expect(page.locator('formcast-result [part="probability"]')).toHaveText(
          formatProbability(edit!.after),
        );
        expect(await meter(page).evaluate((m) => (m as HTMLMeterElement).value)).toBeCloseTo(
          edit!.after,
          6,
        );
      }
    });

    test('no axe violations with a prediction and the model card open', async ({ page }) => {
      await page.goto(`./?model=${manifest.id}`);
      await waitForPrediction(page);
      await page.getByText('About this model').click();
      await expect(page.locator('formcast-model-card details')).toHaveAttribute('open', '');
      expect(await axeViolations(page)).toEqual([]);
    });

    test('fits a phone screen, picker included, without sideways scrolling', async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`./?model=${manifest.id}`);
      await waitForPrediction(page);
      for (const entry of index) {
        await expect(picker(page).getByRole('link', { name: entry.title })).toBeVisible();
      }
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    });

    test('on a phone, the result stays in view while the last field is edited', async ({
      page,
    }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`./?model=${manifest.id}`);
      await waitForPrediction(page);
      await page.locator('formcast-field').last().scrollIntoViewIfNeeded();
      const box = await page.locator('formcast-result').boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(740);
      // …and does not hide the field being edited.
      const field = await page.locator('formcast-field').last().boundingBox();
      expect(field!.y).toBeGreaterThanOrEqual(box!.y + box!.height - 1);
    });
  });
}

test.describe('embedding any model', () => {
  test('<formcast-predictor src="models/house/"> predicts a value and reports it', async ({
    page,
  }) => {
    await page.route('**/house-widget.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>House widget</title>
          <script type="module" src="embed/formcast.js"></script></head>
          <body><formcast-predictor src="models/house/"></formcast-predictor></body></html>`,
      }),
    );
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { seen: unknown[] }).seen = seen;
      document.addEventListener('formcast-predict', (e) => seen.push((e as CustomEvent).detail));
    });
    await page.goto('./house-widget.html');
    await expect(shownValue(page)).toBeVisible();
    const detail = await page.evaluate(() =>
      (window as unknown as { seen: ValuePrediction[] }).seen.at(-1)!,
    );
    expect(detail).toMatchObject({ task: 'regression', modelId: 'house' });
    expect(detail.range!.low).toBeLessThan(detail.value);
    expect(detail.range!.high).toBeGreaterThan(detail.value);
    const optional = house.inputs.find(
      (s) => s.optional === true && s.example === null && s.type === 'number',
    )!;
    expect(detail.inputs[optional.name]).toBeNull();
    await expect(shownValue(page)).toHaveAttribute('data-value', String(detail.value));

    // Values set from the page: a number fills the optional field, null empties it again.
    const count = () => page.evaluate(() => (window as unknown as { seen: unknown[] }).seen.length);
    const setValues = (values: RawValues) =>
      page.locator('formcast-predictor').evaluate((w, v) => {
        (w as HTMLElementTagNameMap['formcast-predictor']).values = v;
      }, values);
    const last = () =>
      page.evaluate(() => (window as unknown as { seen: ValuePrediction[] }).seen.at(-1)!);
    let seen = await count();
    await setValues({ [optional.name]: (optional as NumberInputSpec).max });
    await expect.poll(count).toBeGreaterThan(seen);
    expect((await last()).inputs[optional.name]).toBe((optional as NumberInputSpec).max);
    seen = await count();
    await setValues({ [optional.name]: null });
    await expect.poll(count).toBeGreaterThan(seen);
    expect((await last()).inputs[optional.name]).toBeNull();
    await expect(numberField(page, optional.name)).toHaveValue('');
  });

  test('the iframe page shows the binary headline for ?model=hr', async ({ page }) => {
    await page.goto('./embed.html?model=hr');
    await expect(page.locator('formcast-result [part="probability"]')).toContainText('%');
    await expect(page.getByRole('meter', { name: hr.outputs.headline })).toBeVisible();
  });

  test('the iframe page without ?model= shows the index’s first model', async ({ page }) => {
    const first = manifestOf(index[0]!.id);
    await page.goto('./embed.html');
    await waitForPrediction(page);
    await expect(page.locator('formcast-field')).toHaveCount(first.inputs.length);
    await expect(page.locator('form')).toHaveAttribute('aria-label', first.title);
  });
});
