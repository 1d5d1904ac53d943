import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import {
  axeViolations,
  distDir,
  numberField,
  radio,
  shownLabel,
  STRICT_CSP,
  waitForPrediction,
} from './helpers';
import {
  indexedModels,
  manifestOf,
  openModel,
  optionalNumberInput,
  type Row,
  widgetPredictions,
} from './task-helpers';
import { isRegression } from '../../src/manifest/manifest-types';
import { formatNumber } from '../../src/format/format';
import { positiveClass } from '../../src/manifest/outputs';
import type { Prediction } from '../../src/runtime/answers';

const TUTORIAL = { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };
const tutorialLink = '?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14';

const explain = (page: Page) => page.locator('formcast-explain');
const chart = (page: Page, input: string) =>
  page.locator(`formcast-explain figure[data-input="${input}"]`);

/** Opens "Why this prediction?" and waits for the what-if views of the current values. */
async function openExplain(page: Page, current: Record<string, number | string> = TUTORIAL) {
  await page.getByText('Why this prediction?').click();
  for (const [input, value] of Object.entries(current)) {
    if (typeof value === 'number')
      await expect(chart(page, input)).toHaveAttribute('data-current', String(value));
  }
}

interface TableRow {
  readonly x: number;
  readonly label: string;
  readonly probabilities: Record<string, number>;
  readonly current: boolean;
}

/** The points of a chart, read from its data table (opened first). */
async function tableRows(page: Page, input: string): Promise<TableRow[]> {
  const figure = chart(page, input);
  await figure.locator('summary').click();
  const rows = figure.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      x: Number((tr as HTMLElement).dataset.x),
      label: (tr as HTMLElement).dataset.label!,
      current: tr.classList.contains('current'),
      probabilities: Object.fromEntries(
        [...tr.querySelectorAll<HTMLElement>('td[data-value]')].map((td) => [
          td.dataset.class!,
          Number(td.dataset.value),
        ]),
      ),
    })),
  );
}

/** The widget's own predict(), the programmatic twin of typing, for many rows. */
function predictInPage(page: Page, rows: Record<string, number | string>[]) {
  return page.evaluate(async (rows) => {
    const widget = document
      .querySelector('formcast-app')!
      .shadowRoot!.querySelector('formcast-predictor')!;
    const answers = [];
    for (const row of rows) {
      const p = await widget.predict(row);
      if (p.task === 'regression') throw new Error('the drug model is a classifier');
      answers.push({ label: p.label, probabilities: p.probabilities });
    }
    return answers;
  }, rows);
}

test.describe('explain and explore', () => {
  test('is closed by default and loads its code only when opened', async ({ page }) => {
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (/formcast-explain-[\w-]+\.js$/.test(r.url())) chunks.push(r.url());
    });
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await expect(page.locator('formcast-predictor details.explain')).not.toHaveAttribute('open');
    expect(chunks).toEqual([]);
    await expect(explain(page)).toHaveCount(0);

    await openExplain(page);
    expect(chunks).toHaveLength(1);
    await page.getByText('Why this prediction?').click();
    await expect(explain(page)).toHaveCount(0); // closed: no explain work on later keystrokes
  });

  test('shows the decision path with the thresholds of the exported model', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await openExplain(page);
    const steps = page.getByTestId('decision-path').locator('li');
    await expect(steps).toHaveText([
      'Sodium-to-potassium ratio = 14 ≤ 14.83',
      'Blood pressure = High',
      'Age = 47 ≤ 50.5',
      'Drug A',
    ]);
    await expect(steps.last()).toHaveAttribute('data-label', 'drugA');
    const tree = await (await page.request.get('models/drug/tree.json')).json();
    const root = tree.nodes.find((n: { id: number }) => n.id === tree.root);
    await expect(steps.first()).toHaveAttribute('data-node', String(root.id));
    expect(tree.features[root.feature].input).toBe('Na_to_K');
    expect(root.value.toFixed(2)).toBe('14.83');

    const callout = page.getByTestId('nearest-threshold');
    await expect(callout).toHaveAttribute('data-input', 'Na_to_K');
    await expect(callout).toHaveAttribute('data-to', '14.829');
    await expect(callout).toHaveAttribute('data-label', 'DrugY');
    await expect(callout).toContainText('Sodium-to-potassium ratio > 14.828');
    await expect(callout).toContainText('At 14.829 instead of 14, the prediction would be Drug Y');

    // The callout's value really gives its outcome.
    await numberField(page, 'Na_to_K').fill('14.829');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    await expect(steps).toHaveText(['Sodium-to-potassium ratio = 14.829 > 14.828', 'Drug Y']);
  });

  test('the path follows the form and always ends in the shown prediction', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await openExplain(page);
    const leaf = page.getByTestId('decision-path').locator('li.leaf');
    for (const [bp, label] of [
      ['Low', 'drugC'],
      ['Normal', 'drugX'],
      ['High', 'drugA'],
    ] as const) {
      await radio(page, 'Blood pressure', bp).check();
      await expect(shownLabel(page)).toHaveAttribute('data-label', label);
      await expect(leaf).toHaveAttribute('data-label', label);
    }
    await expect(page.getByTestId('decision-path').locator('li').nth(1)).toHaveText(
      'Blood pressure = High',
    );
  });

  test('what-if values equal direct predictions at the same points', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await openExplain(page);
    for (const input of ['Age', 'Na_to_K']) {
      const rows = await tableRows(page, input);
      expect(rows.length).toBeGreaterThan(50);
      expect(rows.filter((r) => r.current).map((r) => r.x)).toEqual([
        TUTORIAL[input as 'Age' | 'Na_to_K'],
      ]);
      // Every 7th point, the ends and the points either side of each change of label.
      const picked = rows.filter(
        (r, i) =>
          i % 7 === 0 ||
          i === rows.length - 1 ||
          r.label !== rows[i - 1]?.label ||
          r.label !== rows[i + 1]?.label,
      );
      const direct = await predictInPage(
        page,
        picked.map((r) => ({ ...TUTORIAL, [input]: r.x })),
      );
      picked.forEach((row, i) => {
        expect(row.label, `${input} = ${row.x}`).toBe(direct[i]!.label);
        for (const [c, p] of Object.entries(direct[i]!.probabilities))
          expect(Math.abs(row.probabilities[c]! - p), `${input} = ${row.x}, ${c}`).toBeLessThan(
            1e-6,
          );
      });
    }

    const categories = await page
      .locator('formcast-explain .categories tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => ({
          input: (tr as HTMLElement).dataset.input!,
          category: (tr as HTMLElement).dataset.category!,
          label: (tr as HTMLElement).dataset.label!,
          p: Number(tr.querySelector<HTMLElement>('td[data-value]')!.dataset.value),
        })),
      );
    expect(categories).toHaveLength(7);
    const direct = await predictInPage(
      page,
      categories.map((c) => ({ ...TUTORIAL, [c.input]: c.category })),
    );
    categories.forEach((c, i) => {
      expect(c.label, `${c.input} = ${c.category}`).toBe(direct[i]!.label);
      expect(Math.abs(c.p - direct[i]!.probabilities[c.label]!)).toBeLessThan(1e-6);
    });
    await expect(page.getByTestId('category-summary')).toContainText(
      'Blood pressure Low instead of High would give Drug C; Normal would give Drug X.',
    );
  });

  test('the curves and their summaries update as the user types', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await openExplain(page);
    const ageSummary = chart(page, 'Age').getByTestId('what-if-summary');
    await expect(ageSummary).toHaveText('Age above 50 switches the prediction to Drug B.');
    await expect(chart(page, 'Na_to_K').getByTestId('what-if-summary')).toHaveText(
      'Sodium-to-potassium ratio above about 14.7 switches the prediction to Drug Y.',
    );

    await numberField(page, 'Age').fill('60');
    await expect(chart(page, 'Age')).toHaveAttribute('data-current', '60');
    await expect(ageSummary).toHaveText('Age below 51 switches the prediction to Drug A.');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
    // The Na_to_K curve now holds Age at 60: below the threshold it predicts Drug B.
    const rows = await tableRows(page, 'Na_to_K');
    expect(rows.find((r) => r.current)!.label).toBe('drugB');
    expect(rows[0]!.label).toBe('drugB');

    // Typing an invalid value clears the explanation rather than leaving a stale one.
    await numberField(page, 'Age').fill('abc');
    await expect(explain(page)).toContainText('Correct the highlighted fields to see why.');
    await expect(chart(page, 'Age')).toHaveCount(0);
  });

  test('the charts’ data is reachable with the keyboard alone', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await numberField(page, 'Na_to_K').focus();
    await page.keyboard.press('Tab');
    await expect(page.locator('formcast-predictor details.explain > summary')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(chart(page, 'Age')).toHaveAttribute('data-current', '47');

    await page.keyboard.press('Tab'); // the Age chart's data table disclosure
    await expect(chart(page, 'Age').locator('summary')).toBeFocused();
    await page.keyboard.press('Enter');
    const region = page.getByRole('region', { name: 'Data: Age (years)' });
    await expect(region).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(region).toBeFocused();
    await expect(region.getByRole('row', { name: /47 \(current\)/ })).toHaveCount(1);
    await page.keyboard.press('End');
    await expect.poll(() => region.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

    // The charts themselves have accessible names and a sentence each.
    const plots = page.locator('formcast-explain svg[role="img"]');
    await expect(plots).toHaveCount(2);
    await expect(plots.first()).toHaveAttribute('aria-label', /Age \(years\) varies from 15 to 74/);
  });

  test('no axe violations with the section and a data table open', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await openExplain(page);
    await chart(page, 'Na_to_K').locator('summary').click();
    await expect(chart(page, 'Na_to_K').locator('table')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('fits a phone screen with the section and a data table open', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await openExplain(page);
    await chart(page, 'Na_to_K').locator('summary').click();
    await expect(chart(page, 'Na_to_K').locator('table')).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Charts are drawn at the width they are shown at, so their text keeps its size.
    const plot = chart(page, 'Age').locator('svg.plot');
    const box = (await plot.boundingBox())!;
    expect(Number(await plot.getAttribute('width'))).toBeCloseTo(box.width, -1);
  });

  test('hide-explain removes the section', async ({ page }) => {
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await expect(page.getByText('Why this prediction?')).toBeVisible();
    await page.evaluate(() =>
      document
        .querySelector('formcast-app')!
        .shadowRoot!.querySelector('formcast-predictor')!
        .setAttribute('hide-explain', ''),
    );
    await expect(page.getByText('Why this prediction?')).toHaveCount(0);
  });

  test.describe('under a strict Content-Security-Policy', () => {
    let server: StaticServer;
    test.beforeEach(async () => {
      server = await startStaticServer({
        root: distDir,
        headers: {
          'content-security-policy': STRICT_CSP,
        },
      });
    });
    test.afterEach(async () => {
      await server.close();
    });

    test('opens, draws and updates with no violation and no console error', async ({ page }) => {
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const w = window as unknown as { violations?: string[] };
          (w.violations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      await page.goto(server.url + tutorialLink);
      await waitForPrediction(page);
      await openExplain(page);
      await expect(page.getByTestId('decision-path').locator('li')).toHaveCount(4);
      await chart(page, 'Age').locator('summary').click();
      await numberField(page, 'Age').fill('60');
      await expect(chart(page, 'Age')).toHaveAttribute('data-current', '60');
      const violations = await page.evaluate(
        () => (window as unknown as { violations?: string[] }).violations ?? [],
      );
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    });
  });

  test('works in the embedded widget on another origin, under the host CSP docs/embedding.md gives', async ({
    page,
  }) => {
    const formcast = await startStaticServer({
      root: distDir,
      headers: { 'access-control-allow-origin': '*' },
    });
    const origin = new URL(formcast.url).origin;
    const pages = mkdtempSync(join(tmpdir(), 'formcast-explain-host-'));
    writeFileSync(
      join(pages, 'index.html'),
      `<!doctype html><html lang="en"><head><title>Host</title>
        <script type="module" src="${origin}/embed/formcast.js"></script></head>
        <body><formcast-predictor src="${origin}/models/drug/" values='${JSON.stringify(TUTORIAL)}'>
        </formcast-predictor></body></html>`,
    );
    // A host has its own favicon; without one its 404 would count as a console error below.
    copyFileSync(join(distDir, 'favicon.ico'), join(pages, 'favicon.ico'));
    const csp = `default-src 'self'; script-src 'self' ${origin} 'wasm-unsafe-eval'; worker-src blob: ${origin}; connect-src ${origin}; style-src 'self'`;
    const host = await startStaticServer({
      root: pages,
      headers: { 'content-security-policy': csp },
    });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    try {
      await page.goto(host.url);
      await waitForPrediction(page);
      await openExplain(page);
      await expect(page.getByTestId('decision-path').locator('li.leaf')).toHaveAttribute(
        'data-label',
        'drugA',
      );
      expect(problems).toEqual([]);
    } finally {
      await host.close();
      await formcast.close();
      rmSync(pages, { recursive: true, force: true });
    }
  });
});

// Every other model of the index: each what-if point and category outcome must be what the
// widget's own predict() gives for the same values; sentences and tables exist for every input.
for (const { id } of indexedModels().filter((m) => m.id !== 'drug')) {
  test.describe(`explain with the ${id} model`, () => {
    const manifest = manifestOf(id);
    const numbers = manifest.inputs.filter((s) => s.type === 'number');
    const categories = manifest.inputs.filter((s) => s.type === 'category');

    /** Opens the section and waits until the views explain the values now in the form. */
    async function openViews(page: Page): Promise<Row> {
      await page.getByText('Why this prediction?').click();
      await expect(page.locator('formcast-explain figure.chart')).toHaveCount(numbers.length);
      return settledInputs(page);
    }

    /** The values the shown views were computed for, once no update is pending. */
    async function settledInputs(page: Page): Promise<Row> {
      await expect(page.locator('formcast-explain section.what-if')).toHaveAttribute(
        'aria-busy',
        'false',
      );
      return explain(page).evaluate(
        (el) => (el as unknown as { prediction: Prediction }).prediction.inputs,
      );
    }

    interface Point {
      readonly x: number | null;
      readonly current: boolean;
      readonly label: string | undefined;
      readonly values: Record<string, number>;
    }

    /** A chart's data table, opened: the empty row (x null) first when there is one. */
    async function points(page: Page, input: string): Promise<Point[]> {
      const figure = chart(page, input);
      const details = figure.locator('details.data');
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
        await figure.locator('summary').click();
      await expect(figure.locator('tbody tr').first()).toBeVisible();
      return figure.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const row = tr as HTMLElement;
          return {
            x: row.hasAttribute('data-empty') ? null : Number(row.dataset.x),
            current: row.classList.contains('current'),
            label: row.dataset.label,
            values: Object.fromEntries(
              [...row.querySelectorAll<HTMLElement>('td[data-class]')].map((td) => [
                td.dataset.class!,
                Number(td.dataset.value),
              ]),
            ),
          };
        }),
      );
    }

    /** Checks shown values against predict(): labels exactly, numbers to float32 precision. */
    function expectSame(
      shown: { label?: string; values: Record<string, number> },
      direct: Prediction,
      what: string,
    ): void {
      if (direct.task === 'regression') {
        expect(Math.abs(shown.values.value! - direct.value), what).toBeLessThanOrEqual(
          Math.abs(direct.value) * 1e-6,
        );
        return;
      }
      expect(shown.label, what).toBe(direct.label);
      const keys = Object.keys(shown.values);
      expect(keys.length, what).toBeGreaterThan(0);
      for (const c of keys)
        expect(Math.abs(shown.values[c]! - direct.probabilities[c]!), `${what}, ${c}`).toBeLessThan(
          1e-6,
        );
    }

    test('what-if values equal direct predictions at the same points', async ({ page }) => {
      test.setTimeout(60_000);
      await openModel(page, id);
      const inputs = await openViews(page);
      for (const spec of numbers) {
        const rows = await points(page, spec.name);
        const sweep = rows.filter((r) => r.x !== null);
        expect(sweep.length, spec.name).toBeGreaterThan(Math.min(20, spec.max - spec.min));
        if (inputs[spec.name] === null) {
          expect(rows[0]).toMatchObject({ x: null, current: true });
        } else {
          expect(rows.filter((r) => r.current).map((r) => r.x)).toEqual([inputs[spec.name]]);
        }
        const picked = rows.filter(
          (r, i) =>
            r.x === null ||
            r.current ||
            i % 9 === 0 ||
            i === rows.length - 1 ||
            r.label !== rows[i - 1]?.label,
        );
        const direct = await widgetPredictions(
          page,
          picked.map((r) => ({ ...inputs, [spec.name]: r.x })),
        );
        picked.forEach((r, i) => expectSame(r, direct[i]!, `${spec.name} = ${r.x}`));
      }

      const outcomes = await page
        .locator('formcast-explain .categories tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => {
            const row = tr as HTMLElement;
            const valued = row.querySelector<HTMLElement>('td[data-value]')!;
            return {
              input: row.dataset.input!,
              category: row.dataset.category || null,
              label: row.dataset.label,
              value: Number(valued.dataset.value),
            };
          }),
        );
      const expectedRows = categories.reduce(
        (n, s) => n + s.categories.length + (s.optional ? 1 : 0),
        0,
      );
      expect(outcomes).toHaveLength(expectedRows);
      const direct = await widgetPredictions(
        page,
        outcomes.map((o) => ({ ...inputs, [o.input]: o.category })),
      );
      outcomes.forEach((o, i) => {
        const d = direct[i]!;
        const what = `${o.input} = ${o.category}`;
        if (d.task === 'regression') {
          expect(Math.abs(o.value - d.value), what).toBeLessThanOrEqual(Math.abs(d.value) * 1e-6);
        } else {
          expect(o.label, what).toBe(d.label);
          // Binary: the headline class's probability.
          const c = isRegression(manifest) ? '' : positiveClass(manifest);
          expect(Math.abs(o.value - d.probabilities[c]!), what).toBeLessThan(1e-6);
        }
      });
    });

    test('every input has its sentence; the decision path only comes with a tree file', async ({
      page,
    }) => {
      await openModel(page, id);
      await openViews(page);
      for (const spec of numbers) {
        await expect(chart(page, spec.name).getByTestId('what-if-summary')).toContainText(
          spec.label,
        );
      }
      await expect(page.getByTestId('category-summary').locator('li')).toHaveCount(
        categories.length,
      );
      await expect(page.getByTestId('decision-path')).toHaveCount(
        manifest.training.tree?.file && !isRegression(manifest) ? 1 : 0,
      );
      const plot = chart(page, numbers[0]!.name).locator('svg[role="img"]');
      if (isRegression(manifest)) {
        const { label, format, interval } = manifest.outputs;
        await expect(plot).toHaveAttribute(
          'aria-label',
          new RegExp(`^Line chart: ${label.toLowerCase()} as `),
        );
        await expect(plot.locator('polygon.band')).toHaveCount(interval ? 1 : 0);
        // The y axis speaks the value's format (e.g. currency): its ticks carry its symbol.
        const symbol = formatNumber(0, format).replace(/[\d.,\s]/g, '');
        const ticks = await plot.locator('text.tick').allTextContents();
        expect(ticks.filter((t) => symbol !== '' && t.includes(symbol)).length).toBeGreaterThan(1);
      } else if (manifest.task === 'binary') {
        await expect(plot.locator('polyline.series')).toHaveCount(1);
        await expect(plot.locator('polyline.series')).toHaveAttribute(
          'data-class',
          positiveClass(manifest),
        );
      }
    });

    const optional = optionalNumberInput(manifest);
    if (optional) {
      test('an optional input: swept when empty, with the current prediction as a level; its empty row when filled', async ({
        page,
      }) => {
        await openModel(page, id);
        await openViews(page);
        const field = numberField(page, optional);
        await field.fill('');
        await expect(chart(page, optional)).toHaveAttribute('data-current', '');
        let inputs = await settledInputs(page);
        expect(inputs[optional]).toBeNull();
        const summary = chart(page, optional).getByTestId('what-if-summary');
        await expect(summary).toContainText(`is empty`);
        await expect(chart(page, optional).locator('line.empty-level')).toHaveCount(1);
        let rows = await points(page, optional);
        expect(rows[0]).toMatchObject({ x: null, current: true });
        expect(rows.filter((r) => r.current)).toHaveLength(1);
        const [now] = await widgetPredictions(page, [inputs]);
        expectSame(rows[0]!, now!, `${optional} empty`);

        const spec = numbers.find((s) => s.name === optional)!;
        const value = String(
          spec.min + spec.step * Math.round((spec.max - spec.min) / spec.step / 3),
        );
        await field.fill(value);
        await expect(chart(page, optional)).toHaveAttribute('data-current', value);
        inputs = await settledInputs(page);
        await expect(summary).toContainText('Left empty:');
        rows = await points(page, optional);
        expect(rows[0]).toMatchObject({ x: null, current: false });
        expect(rows.filter((r) => r.current).map((r) => r.x)).toEqual([Number(value)]);
        const [empty] = await widgetPredictions(page, [{ ...inputs, [optional]: null }]);
        expectSame(rows[0]!, empty!, `${optional} left empty`);
      });
    }

    test('no axe violations with the section and a data table open', async ({ page }) => {
      await openModel(page, id);
      await openViews(page);
      await chart(page, numbers[0]!.name).locator('summary').click();
      await expect(chart(page, numbers[0]!.name).locator('table')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}
