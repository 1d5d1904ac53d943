import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import { predictionColumns } from '../../src/csv/write-csv';
import type { FormcastPredictDetail } from '../../src/events/formcast-events';
import { isRegression } from '../../src/manifest/manifest-types';
import {
  axeViolations,
  distDir as dist,
  numberField,
  radio,
  shownLabel,
  STRICT_CSP,
  waitForPrediction,
} from './helpers';
import {
  cellOf,
  cellsOf,
  goldenInputs,
  indexedModels,
  manifestOf,
  openModel,
  widgetPredictions,
} from './task-helpers';

/** Opens on Drug A; Age 61 then gives Drug B, BP Low Drug C, Cholesterol Normal Drug X. */
const tutorialLink = '?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14';
const SWITCH = 'Keep a history of my predictions on this device';

function historySwitch(page: Page): Locator {
  return page.getByRole('switch', { name: SWITCH });
}

function historyRows(page: Page): Locator {
  return page.locator('formcast-history tbody tr');
}

interface KeptRow {
  readonly label: string;
  readonly Age: string;
  readonly BP: string;
}

/** The rows of the history table, top to bottom, as the user reads them. */
function keptRows(page: Page): Promise<KeptRow[]> {
  return historyRows(page).evaluateAll((rows) =>
    rows.map((row) => ({
      label: row.querySelector<HTMLElement>('[data-label]')!.dataset.label!,
      Age: row.querySelector('[data-input="Age"]')!.textContent!.trim(),
      BP: row.querySelector('[data-input="BP"]')!.textContent!.trim(),
    })),
  );
}

/** Types a number the way a person does, one keystroke (and one prediction) at a time. */
async function typeNumber(page: Page, name: string, value: string): Promise<void> {
  const field = numberField(page, name);
  await field.fill('');
  await field.pressSequentially(value, { delay: 40 });
  await expect(field).toHaveValue(value);
  // Settled: the prediction for the typed value is on screen (the clock may be paused next).
  await expect(page.locator('formcast-result .panel')).not.toHaveAttribute('aria-busy', 'true');
}

async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** What the widget shows for each class right now, e.g. `{ drugB: '70.0 %', ... }`. */
async function shownProbabilities(page: Page): Promise<Record<string, string>> {
  const items = await page
    .locator('formcast-result li[data-class]')
    .evaluateAll((lis) =>
      lis.map((li) => [
        (li as HTMLElement).dataset.class!,
        li.querySelector('.value')!.textContent!.trim(),
      ]),
    );
  return Object.fromEntries(items);
}

/** Turns the history on and keeps two predictions: Drug B (Age 61), then Drug C (BP Low). */
async function keepTwoPredictions(page: Page): Promise<void> {
  await page.goto(`./${tutorialLink}`);
  await waitForPrediction(page);
  await historySwitch(page).check();
  await typeNumber(page, 'Age', '61');
  await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
  await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);
  await radio(page, 'Blood pressure', 'Low').check();
  await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC');
  await expect
    .poll(() => keptRows(page))
    .toEqual([
      { label: 'drugC', Age: '61', BP: 'Low' },
      { label: 'drugB', Age: '61', BP: 'High' },
    ]);
}

test.describe('prediction history', () => {
  test('is off by default, keeps nothing while off, and turning it off keeps what was kept', async ({
    page,
  }) => {
    // A fake clock lets the test wait out the 1 s rule without sleeping, and prove an absence.
    await page.clock.install();
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await expect(historySwitch(page)).not.toBeChecked();
    await expect(page.getByTestId('history-empty')).toContainText(
      'No predictions kept on this device.',
    );

    await typeNumber(page, 'Age', '61');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
    await page.clock.runFor(3000);
    // Not even an empty database: nothing typed is stored while the switch is off.
    expect(await databaseNames(page)).not.toContain('formcast');

    await historySwitch(page).check();
    expect(await page.evaluate(() => localStorage.getItem('formcast:history'))).toBe('on');
    await page.clock.runFor(3000);
    await radio(page, 'Blood pressure', 'Low').check();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC');
    await page.clock.runFor(1000);
    // Only the prediction made with the switch on: not the one shown when it was turned on.
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugC', Age: '61', BP: 'Low' }]);
    await expect(page.getByTestId('history-count')).toHaveText('1 prediction kept on this device.');

    await historySwitch(page).uncheck();
    expect(await page.evaluate(() => localStorage.getItem('formcast:history'))).toBe('off');
    await radio(page, 'Cholesterol', 'Normal').check();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugX');
    await page.clock.runFor(3000);
    await page.reload();
    await waitForPrediction(page);
    await expect(historySwitch(page)).not.toBeChecked();
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugC', Age: '61', BP: 'Low' }]);
  });

  test('keeps a prediction once the form is stable, not the half-typed values or the page’s own', async ({
    page,
  }) => {
    await page.clock.install();
    await page.addInitScript(() => localStorage.setItem('formcast:history', 'on'));
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    await expect(historySwitch(page)).toBeChecked();
    // From here on, time moves only when the test says so.
    // A short jump: a long one would fire the workers' liveness checks with time they never had.
    await page.clock.pauseAt(Date.now() + 1000);
    // The prediction shown on opening (a link's values, or the examples) is not the user's.
    await page.clock.runFor(3000);
    await expect(page.getByTestId('history-empty')).toBeVisible();

    await typeNumber(page, 'Age', '61');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
    await page.clock.runFor(999);
    await expect(page.getByTestId('history-empty')).toBeVisible();
    await page.clock.runFor(1);
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);

    // Back to the same values: identical to the newest entry, so not kept twice.
    await typeNumber(page, 'Age', '6');
    await typeNumber(page, 'Age', '61');
    await page.clock.runFor(3000);
    await radio(page, 'Blood pressure', 'Low').check();
    // The stability timer starts when the answer arrives; with the clock paused, moving it on
    // before then (a loaded machine) left the timer never run.
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC');
    await page.clock.runFor(1000);
    await expect
      .poll(() => keptRows(page))
      .toEqual([
        { label: 'drugC', Age: '61', BP: 'Low' },
        { label: 'drugB', Age: '61', BP: 'High' },
      ]);
  });

  test('lists kept predictions newest first with what the widget showed, across reloads', async ({
    page,
  }) => {
    await keepTwoPredictions(page);
    const top = historyRows(page).first();
    await expect(top.locator('.label')).toHaveText('Drug C');
    const shown = await shownProbabilities(page);
    await expect(top.locator('td.number')).toHaveText(shown.drugC!);
    await expect(top.locator('[data-input="Sex"]')).toHaveText('Female');
    await expect(page.getByTestId('history-count')).toHaveText(
      '2 predictions kept on this device.',
    );

    await page.reload();
    await waitForPrediction(page);
    await expect(historySwitch(page)).toBeChecked();
    await expect
      .poll(() => keptRows(page))
      .toEqual([
        { label: 'drugC', Age: '61', BP: 'Low' },
        { label: 'drugB', Age: '61', BP: 'High' },
      ]);
  });

  test('deletes one entry, by a button named after its time', async ({ page }) => {
    await keepTwoPredictions(page);
    const older = historyRows(page).nth(1);
    const when = (await older.locator('time').textContent())!.trim();
    expect(when).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}$/);
    await page.getByRole('button', { name: `Delete entry from ${when}`, exact: true }).click();
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugC', Age: '61', BP: 'Low' }]);
    // Focus stays in the table, on the Delete button that took the row's place.
    await expect(historyRows(page).first().getByRole('button')).toBeFocused();
    await expect(page.locator('formcast-history [role="status"]')).toHaveText(
      `Deleted the entry from ${when}.`,
    );

    await page.reload();
    await waitForPrediction(page);
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugC', Age: '61', BP: 'Low' }]);
  });

  test('exports the kept predictions as CSV in the batch format', async ({ page }) => {
    type Detail = {
      inputs: Record<string, number | string>;
      label: string;
      probabilities: Record<string, number>;
    };
    const shown: { probabilities: Record<string, string> }[] = [];
    await page.addInitScript(() => {
      const w = window as unknown as { predictions: unknown[] };
      w.predictions = [];
      addEventListener('formcast-predict', (e) => w.predictions.push((e as CustomEvent).detail));
    });
    await page.goto('./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=9.5');
    await waitForPrediction(page);
    await historySwitch(page).check();
    const lastPrediction = () =>
      page.evaluate(() => (window as unknown as { predictions: Detail[] }).predictions.at(-1)!);
    const kept: Detail[] = [];
    await typeNumber(page, 'Age', '61');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
    shown.push({ probabilities: await shownProbabilities(page) });
    kept.push(await lastPrediction());
    await expect(historyRows(page)).toHaveCount(1);
    await radio(page, 'Blood pressure', 'Low').check();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC');
    shown.push({ probabilities: await shownProbabilities(page) });
    kept.push(await lastPrediction());
    await expect(historyRows(page)).toHaveCount(2);

    // The table is newest first; the file is oldest first, as a log reads.
    const times = (
      await historyRows(page)
        .locator('time')
        .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!))
    ).reverse();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    expect(download.suggestedFilename()).toBe(`formcast-history-drug-${today}.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    const classes = ['DrugY', 'drugA', 'drugB', 'drugC', 'drugX'];
    expect(lines[0]).toBe(
      `Age,Sex,BP,Cholesterol,Na_to_K,recorded_at,model_version,predicted_label,${classes.map((c) => `p_${c}`).join(',')},error`,
    );
    expect(lines).toHaveLength(3);
    const float32 = (p: number) => String(Number(Math.fround(p).toPrecision(9)));
    for (const [i, d] of kept.entries()) {
      const cells = lines[i + 1]!.split(',');
      expect(cells).toEqual([
        String(d.inputs.Age),
        String(d.inputs.Sex),
        String(d.inputs.BP),
        String(d.inputs.Cholesterol),
        String(d.inputs.Na_to_K),
        times[i],
        '1.0.0',
        d.label,
        ...classes.map((c) => float32(d.probabilities[c]!)),
        '',
      ]);
      // And each probability is the one the widget showed, as a percentage.
      for (const [k, c] of classes.entries()) {
        const p = Number(cells[8 + k]);
        const percent = Number(shown[i]!.probabilities[c]!.replace(/[<> %]/g, ''));
        expect(Math.abs(p * 100 - percent)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
    }
    expect(lines[1]!.split(',').slice(0, 5)).toEqual(['61', 'F', 'HIGH', 'HIGH', '9.5']);
    expect(lines[2]!.split(',').slice(0, 5)).toEqual(['61', 'F', 'LOW', 'HIGH', '9.5']);
  });

  test('deletes everything after a confirmation inside the page', async ({ page }) => {
    await keepTwoPredictions(page);
    const deleteAll = page.getByRole('button', { name: 'Delete all', exact: true });
    await deleteAll.click();
    const confirmation = page.getByRole('group', {
      name: 'Delete all 2 kept predictions from this device? This cannot be undone.',
    });
    await expect(confirmation).toBeVisible();
    await expect(confirmation.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirmation).toHaveCount(0);
    await expect(deleteAll).toBeFocused();
    await expect(historyRows(page)).toHaveCount(2);

    await deleteAll.click();
    await confirmation.getByRole('button', { name: 'Delete all 2 kept predictions' }).click();
    await expect(page.getByTestId('history-empty')).toBeVisible();
    await expect(historyRows(page)).toHaveCount(0);
    await expect(historySwitch(page)).toBeFocused();
    await expect(historySwitch(page)).toBeChecked();

    await page.reload();
    await waitForPrediction(page);
    await expect(page.getByTestId('history-empty')).toBeVisible();
    await expect(historyRows(page)).toHaveCount(0);
  });

  test('the stored-data panel counts the history and its Clear deletes it', async ({ page }) => {
    await keepTwoPredictions(page);
    await page.getByText('Data stored on this device').click();
    await expect(page.getByTestId('stored-history')).toHaveText(
      '2 predictions in your history (see History above).',
    );
    await page.getByRole('button', { name: 'Clear stored data' }).click();
    await expect(page.locator('formcast-stored-data')).toContainText('Cleared.');
    await expect(page.getByTestId('history-empty')).toBeVisible();
    await expect(page.getByTestId('stored-history')).toHaveCount(0);

    // The switch is a preference, not data: it stays on, and the next prediction is kept.
    await numberField(page, 'Na_to_K').fill('9.5');
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugC', Age: '61', BP: 'Low' }]);
  });

  test('the last prediction is kept when the page goes away within its second', async ({
    page,
  }) => {
    await page.clock.install();
    await page.addInitScript(() => localStorage.setItem('formcast:history', 'on'));
    await page.goto(`./${tutorialLink}`);
    await waitForPrediction(page);
    // A short jump: a long one would fire the workers' liveness checks with time they never had.
    await page.clock.pauseAt(Date.now() + 1000);
    await typeNumber(page, 'Age', '61');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugB');
    await page.reload();
    await waitForPrediction(page);
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);
    // The copy written synchronously as the page went away has served, and is gone.
    expect(await page.evaluate(() => localStorage.getItem('formcast:history-pending'))).toBeNull();
  });

  test('fits a phone: the table scrolls inside its own box; no axe violation', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await keepTwoPredictions(page);
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow.page).toBeLessThanOrEqual(0);
    const box = page.locator('formcast-history .table-scroll');
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Delete all', exact: true }).click();
    expect(await axeViolations(page)).toEqual([]);
  });
});

test('reads entries kept before models had task kinds (no task field)', async ({ page }) => {
  await page.goto(`./${tutorialLink}`);
  await waitForPrediction(page);
  // An entry as the first history release wrote it, in the same database and store.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('formcast', 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('history', {
            keyPath: 'id',
            autoIncrement: true,
          });
          store.createIndex('time', 'time');
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('history', 'readwrite');
          tx.objectStore('history').add({
            time: '2026-01-02T03:04:05.000Z',
            modelId: 'drug',
            modelVersion: '1.0.0',
            inputs: { Age: 61, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
            label: 'drugB',
            probabilities: { DrugY: 0, drugA: 0, drugB: 1, drugC: 0, drugX: 0 },
            warnings: [],
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  await page.reload();
  await waitForPrediction(page);
  await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);
  await expect(historyRows(page).first().locator('td.number')).toHaveText('100.0 %');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(readFileSync((await download.path())!, 'utf8').split('\r\n')[1]).toBe(
    '61,F,HIGH,HIGH,14,2026-01-02T03:04:05.000Z,1.0.0,drugB,0,0,1,0,0,',
  );
});

test('under the strict Content-Security-Policy: listing and exporting cause no violation', async ({
  page,
}) => {
  const strict = await startStaticServer({
    root: dist,
    headers: { 'content-security-policy': STRICT_CSP },
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  try {
    await page.goto(strict.url + tutorialLink);
    await waitForPrediction(page);
    await historySwitch(page).check();
    await typeNumber(page, 'Age', '61');
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8').split('\r\n')).toHaveLength(3);
    expect(violations).toEqual([]);
  } finally {
    await strict.close();
  }
});

test.describe('prediction history offline', () => {
  test.use({ serviceWorkers: 'allow' });
  let server: StaticServer;
  test.beforeEach(async () => {
    server = await startStaticServer({ root: dist });
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('is listed and keeps new predictions with the network off', async ({ page, context }) => {
    await page.goto(server.url + tutorialLink);
    await waitForPrediction(page);
    await expect(page.locator('formcast-offline-status [data-offline-ready="true"]')).toContainText(
      'Ready for offline use',
    );
    await historySwitch(page).check();
    await typeNumber(page, 'Age', '61');
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);

    await context.setOffline(true);
    await page.reload();
    await waitForPrediction(page);
    await expect(historySwitch(page)).toBeChecked();
    await expect.poll(() => keptRows(page)).toEqual([{ label: 'drugB', Age: '61', BP: 'High' }]);
    await radio(page, 'Blood pressure', 'Low').check();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC');
    await expect
      .poll(() => keptRows(page))
      .toEqual([
        { label: 'drugC', Age: '61', BP: 'Low' },
        { label: 'drugB', Age: '61', BP: 'High' },
      ]);
  });
});

// Every other model of the index: what a kept row shows, and its export in the batch format.
for (const { id } of indexedModels().filter((m) => m.id !== 'drug')) {
  test.describe(`prediction history with the ${id} model`, () => {
    const manifest = manifestOf(id);
    // A required number input to type into, and the value to type (another golden row's).
    const typed = manifest.inputs.find((s) => s.type === 'number' && !s.optional)!;
    const value = String(
      goldenInputs(id)
        .map((r) => r[typed.name])
        .find((v) => v !== null && v !== typed.example),
    );

    test('keeps a prediction with what the widget showed and exports it as a batch file has it', async ({
      page,
    }) => {
      await page.addInitScript(() => {
        const w = window as unknown as { predictions: unknown[] };
        w.predictions = [];
        addEventListener('formcast-predict', (e) => w.predictions.push((e as CustomEvent).detail));
      });
      await openModel(page, id);
      await historySwitch(page).check();
      await typeNumber(page, typed.name, value);
      await expect(historyRows(page)).toHaveCount(1);
      const detail = await page.evaluate(() =>
        (window as unknown as { predictions: FormcastPredictDetail[] }).predictions.at(-1)!,
      );
      expect(detail.inputs[typed.name]).toBe(Number(value));

      const row = historyRows(page).first();
      const headers = await page.locator('formcast-history thead th').allTextContents();
      if (detail.task === 'regression') {
        expect(isRegression(manifest)).toBe(true);
        const { label, interval } = manifest.outputs as { label: string; interval?: unknown };
        expect(headers).toContain(label);
        const cell = row.locator('td.number[data-value]');
        await expect(cell).toHaveAttribute('data-value', String(detail.value));
        const shown = page.locator('formcast-result [part="value"]');
        await expect(cell).toHaveText((await shown.textContent())!.trim());
        if (interval) await expect(row.locator('td.number').nth(1)).toContainText('–');
      } else {
        await expect(row.locator('[data-label]')).toHaveAttribute('data-label', detail.label);
        if (detail.task === 'binary') {
          const outputs = manifest.outputs as { headline?: string };
          expect(headers).toContain(outputs.headline);
          const p = row.locator('td.number[data-value]');
          const shown = page.locator('formcast-result [part="probability"]');
          await expect(p).toHaveAttribute('data-value', (await shown.getAttribute('data-p'))!);
        }
      }
      // Optional inputs left empty read "empty".
      for (const spec of manifest.inputs.filter((s) => detail.inputs[s.name] === null))
        await expect(row.locator(`[data-input="${spec.name}"]`)).toHaveText('empty');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe(
        [
          ...manifest.inputs.map((s) => s.name),
          'recorded_at',
          'model_version',
          ...predictionColumns(manifest),
        ].join(','),
      );
      const time = await row.locator('time').getAttribute('datetime');
      const [direct] = await widgetPredictions(page, [detail.inputs]);
      expect(lines[1]!.split(',')).toEqual([
        ...manifest.inputs.map((s) => cellOf(detail.inputs[s.name])),
        time,
        manifest.version,
        ...cellsOf(manifest, direct!),
      ]);
    });

    test("lists only this model's entries; the others are counted", async ({ page }) => {
      await page.goto(`./${tutorialLink}`);
      await waitForPrediction(page);
      await historySwitch(page).check();
      await typeNumber(page, 'Age', '61');
      await expect(historyRows(page)).toHaveCount(1);

      await openModel(page, id);
      await expect(page.getByTestId('history-count')).toHaveText(
        '1 prediction kept on this device, 1 of them from other models (open those to see them).',
      );
      await expect(historyRows(page)).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
      await typeNumber(page, typed.name, value);
      await expect(historyRows(page)).toHaveCount(1);
      await expect(page.getByTestId('history-count')).toHaveText(
        '2 predictions kept on this device, 1 of them from other models (open those to see them).',
      );
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}
