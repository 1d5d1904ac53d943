import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page, test, type Worker } from '@playwright/test';
import Papa from 'papaparse';
import { startStaticServer } from '../../scripts/static-server.mjs';
import {
  csvLine,
  formatFloat32,
  predictionColumnLabels,
  predictionColumns,
} from '../../src/csv/write-csv';
import { classLabel, isRegression } from '../../src/manifest/manifest-types';
import { formatNumber } from '../../src/format/format';
import {
  axeViolations,
  batchElement,
  numberField,
  shownLabel,
  STRICT_CSP,
  uploadCsv,
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

const fixtures = new URL('../fixtures/csv/', import.meta.url);
/** The build under test, as playwright.config.ts serves it. */
const dist = process.env.FORMCAST_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));
const PREDICTION_COLUMNS = [
  'predicted_label',
  ...['DrugY', 'drugA', 'drugB', 'drugC', 'drugX'].map((c) => `p_${c}`),
  'error',
];
const MIXED_ERRORS: Record<string, string> = {
  '5': 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
  '6': 'Age: "abc" is not a number',
  '7': 'Na_to_K: missing',
  '8': 'Na_to_K: "NaN" is not a finite number',
  '9': 'Na_to_K: "inf" is not a finite number',
  '10': 'Na_to_K: "14,5" is not a number (use a dot as the decimal separator)',
  '12': 'row has 5 fields, header has 7',
};

function fixture(name: string): Buffer {
  return readFileSync(new URL(name, fixtures));
}

function downloadLink(page: Page): Locator {
  return batchElement(page).getByRole('link', { name: 'Download scored CSV' });
}

async function open(page: Page): Promise<void> {
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByRole('heading', { name: 'Score a CSV file' })).toBeVisible();
  // The shell draws the heading; the batch element comes in a task after the first prediction,
  // and only then does the page accept a dropped file.
  await expect(batchElement(page).locator('[part="drop-zone"]')).toBeAttached();
}

/** Clicks the download link; returns the file's name and text. */
async function download(page: Page): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), downloadLink(page).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

function parseOutput(text: string): { header: string[]; rows: string[][] } {
  expect(text.endsWith('\r\n')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(0, -2), { delimiter: ',', newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data;
  return { header: header!, rows };
}

/** What the page's own form predicts for these values, as CSV cells. */
async function formCells(page: Page, values: Record<string, string>): Promise<string[]> {
  const prediction = await page.evaluate((v) => {
    const widget = document
      .querySelector('formcast-app')!
      .shadowRoot!.querySelector('formcast-predictor')!;
    return widget.predict(v);
  }, values);
  if (prediction.task === 'regression') throw new Error('the drug model is a classifier');
  return [
    prediction.label,
    ...['DrugY', 'drugA', 'drugB', 'drugC', 'drugX'].map((c) =>
      formatFloat32(prediction.probabilities[c]!),
    ),
    '',
  ];
}

/** Writes a drug CSV of about `bytes` bytes, row i derived from i so it can be checked. */
async function writeDrugCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  const write = async (text: string) => {
    written += text.length;
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('Age,Sex,BP,Cholesterol,Na_to_K\n');
  while (written < bytes) {
    let chunk = '';
    for (let j = 0; j < 10_000; j++, rows++) chunk += drugRow(rows);
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

const SEXES = ['F', 'M'];
const LEVELS = ['HIGH', 'LOW', 'NORMAL'];
function drugRow(i: number): string {
  return `${15 + (i % 60)},${SEXES[i % 2]},${LEVELS[i % 3]},${LEVELS[(i >> 1) % 2 ? 0 : 2]},${((i % 3200) / 100).toFixed(2)}\n`;
}

let tmp: string;
test.beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'formcast-batch-'));
});
test.afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

test.describe('batch scoring of a CSV file', () => {
  for (const variant of ['LF, no BOM', 'CRLF with a BOM']) {
    test(`scores a messy file (${variant}) and the download matches it row by row`, async ({
      page,
    }) => {
      const lf = fixture('drug-mixed.csv').toString('utf8');
      const text = variant === 'LF, no BOM' ? lf : `\uFEFF${lf.replaceAll('\n', '\r\n')}`;
      await open(page);
      await uploadCsv(page, 'drug-mixed.csv', text);

      await expect(downloadLink(page)).toBeVisible();
      await expect(batchElement(page).getByTestId('batch-summary')).toContainText(
        '14 rows: 6 scored, 8 could not be scored',
      );
      const errors = batchElement(page).getByTestId('batch-errors');
      await expect(errors.locator('li[data-reason="Na_to_K: not a finite number"]')).toContainText(
        '2 rows; first in data row 8',
      );
      await expect(errors.locator('li[data-reason="row is empty"]')).toContainText('1 row');
      await expect(errors.locator('li[data-reason="wrong number of fields"]')).toContainText(
        'row has 5 fields, header has 7',
      );
      await expect(batchElement(page).getByTestId('batch-preview').locator('tbody tr')).toHaveCount(
        14,
      );
      await expect(batchElement(page).getByRole('status')).toContainText('ready to download');

      const { name, text: output } = await download(page);
      expect(name).toBe('drug-mixed-scored.csv');
      const { header, rows } = parseOutput(output);
      const input = Papa.parse<string[]>(lf, { delimiter: ',' }).data;
      const inputRows = input.slice(1, -3); // the header; three '' after the last line break
      expect(header).toEqual([...input[0]!, ...PREDICTION_COLUMNS]);
      expect(rows).toHaveLength(inputRows.length);
      for (const [i, row] of rows.entries()) {
        const id = String(i + 1);
        const source = inputRows[i]!;
        if (source.length === 1) {
          expect(row, `row ${id}`).toEqual([...Array(13).fill(''), 'row is empty']);
          continue;
        }
        const cells = [...source, ...Array(7).fill('')].slice(0, 7);
        // The line break inside the quoted note keeps the file's own line ending.
        const kept = row.slice(0, 7).map((c) => c.replace('\r\n', '\n'));
        expect(kept, `row ${id} keeps its values`).toEqual(cells);
        if (MIXED_ERRORS[id]) {
          expect(row.slice(7), `row ${id}`).toEqual([...Array(6).fill(''), MIXED_ERRORS[id]]);
        } else {
          const [, Na_to_K, , Sex, BP, Age, Cholesterol] = cells;
          const values = {
            Age: Age!,
            Sex: Sex!,
            BP: BP!,
            Cholesterol: Cholesterol!,
            Na_to_K: Na_to_K!,
          };
          expect(row.slice(7), `row ${id} predicted as the form does`).toEqual(
            await formCells(page, values),
          );
        }
      }
    });
  }

  test('reads a ; file with decimal commas', async ({ page }) => {
    await open(page);
    await uploadCsv(page, 'drug-semicolon.csv', fixture('drug-semicolon.csv'));
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText(
      '5 rows: 4 scored, 1 could not be scored',
    );
    const { rows } = parseOutput((await download(page)).text);
    expect(rows[0]!.slice(0, 5)).toEqual(['23', 'F', 'HIGH', 'HIGH', '25,355']);
    expect(rows[0]!.slice(6)).toEqual(
      await formCells(page, {
        Age: '23',
        Sex: 'F',
        BP: 'HIGH',
        Cholesterol: 'HIGH',
        Na_to_K: '25.355',
      }),
    );
    expect(rows[3]!.at(-1)).toBe('Na_to_K: "1,2,3" is not a number');
  });

  const unusable: [string, string, Buffer, RegExp][] = [
    [
      'an empty file',
      'empty.csv',
      fixture('empty.csv'),
      /"empty\.csv" is empty: a CSV file needs a header line/,
    ],
    [
      'a header only',
      'header-only.csv',
      fixture('header-only.csv'),
      /"header-only\.csv" has a header but no data rows/,
    ],
    [
      'a missing column',
      'missing-column.csv',
      fixture('missing-column.csv'),
      /Missing column "Na_to_K": the file has "Na_to_k" — rename it to "Na_to_K"/,
    ],
    [
      'duplicate columns',
      'duplicate-columns.csv',
      fixture('duplicate-columns.csv'),
      /The header has 2 columns named "Age" \(columns 1, 4\)/,
    ],
    [
      'a file that is not CSV',
      'photo.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
      /"photo\.png" is not a CSV file: it contains binary data/,
    ],
  ];
  for (const [what, name, content, message] of unusable) {
    test(`explains why it cannot score ${what}`, async ({ page }) => {
      await open(page);
      await uploadCsv(page, name, content);
      const alert = batchElement(page).getByRole('alert');
      await expect(alert).toContainText(message);
      await expect(alert).toHaveAttribute('data-code', 'CSV_INVALID');
      await expect(downloadLink(page)).toHaveCount(0);
      // The page is fine: the next file is scored.
      await uploadCsv(page, 'ok.csv', 'Age,Sex,BP,Cholesterol,Na_to_K\n47,F,HIGH,HIGH,14\n');
      await expect(batchElement(page).getByTestId('batch-summary')).toContainText(
        '1 row: 1 scored',
      );
    });
  }

  test('scores a 50 MB file, every row in order', async ({ page }) => {
    test.setTimeout(300_000);
    const path = join(tmp, 'drugs-50mb.csv');
    const count = await writeDrugCsv(path, 50 * 1024 * 1024);
    await open(page);
    await batchElement(page).locator('input[type="file"]').setInputFiles(path);
    await expect(downloadLink(page)).toBeVisible({ timeout: 240_000 });
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText(
      `${count.toLocaleString('en')} rows: ${count.toLocaleString('en')} scored, 0 could not be scored`,
    );
    const { text } = await download(page);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(`Age,Sex,BP,Cholesterol,Na_to_K,${PREDICTION_COLUMNS.join(',')}`);
    expect(lines.length - 2).toBe(count);
    const classes = new Set(['DrugY', 'drugA', 'drugB', 'drugC', 'drugX']);
    const wrong: number[] = [];
    for (let i = 0; i < count; i++) {
      const line = lines[i + 1]!;
      const input = drugRow(i).slice(0, -1);
      const label = line.slice(input.length + 1, line.indexOf(',', input.length + 1));
      if (!line.startsWith(`${input},`) || !classes.has(label) || !line.endsWith(','))
        wrong.push(i);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // Spot checks against the form's own predictions.
    for (const i of [0, 1, 2, count - 1]) {
      const [Age, Sex, BP, Cholesterol, Na_to_K] = drugRow(i).slice(0, -1).split(',');
      const cells = lines[i + 1]!.split(',').slice(5);
      expect(cells, `row ${i + 1}`).toEqual(
        await formCells(page, {
          Age: Age!,
          Sex: Sex!,
          BP: BP!,
          Cholesterol: Cholesterol!,
          Na_to_K: Na_to_K!,
        }),
      );
    }
  });

  test('workers in parallel write the single worker’s bytes: parts end at rows, quoted line breaks and errors stay in place', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // ≈ 2.6 MB: three parts of 1 MiB. The first MiB has no quote, so that part ends at a line
    // break found in the bytes; a note with line breaks inside its quotes straddles the 1 MiB
    // mark; from there on every 7th row has such a note, so parts end where the row scan says.
    const header = 'id,notes,Age,Sex,BP,Cholesterol,Na_to_K\r\n';
    const lines: string[] = [];
    let size = header.length;
    let straddled = -1;
    const bad = new Map<number, string>();
    for (let i = 0; size < 2.6e6; i++) {
      const row = drugRow(i).slice(0, -1).split(',');
      let notes = `row ${i}`;
      if (i % 997 === 3) {
        row[0] = 'abc';
        bad.set(i, 'Age: "abc" is not a number');
      }
      if (straddled === -1 && size > 1024 * 1024 - 40) {
        straddled = i;
        notes = `"a note that goes on${'.'.repeat(80)}\nover\r\nthree lines, ""quoted"""`;
      } else if (straddled !== -1 && i % 7 === 0) notes = `"line ${i}\rsecond, line"`;
      const line = `${i},${notes},${row.join(',')}${i % 5 === 0 ? '\r\n' : '\n'}`;
      lines.push(line);
      size += Buffer.byteLength(line);
    }
    expect(straddled).toBeGreaterThan(0);
    const path = join(tmp, 'parts.csv');
    const text = header + lines.join('');
    writeFileSync(path, text);
    // The first part's bytes end inside the note.
    const firstPartEnd = header.length + 1024 * 1024;
    expect(text.indexOf('a note that goes on')).toBeLessThan(firstPartEnd);
    expect(text.indexOf('three lines')).toBeGreaterThan(firstPartEnd);

    await open(page);
    const outputs: string[] = [];
    for (const workers of [1, 2]) {
      await batchElement(page).evaluate((element, n) => {
        (element as HTMLElement & { workers?: number }).workers = n;
      }, workers);
      await batchElement(page).locator('input[type="file"]').setInputFiles(path);
      await expect(batchElement(page).getByTestId('batch-summary')).toContainText(
        `${lines.length.toLocaleString('en')} rows: ${(lines.length - bad.size).toLocaleString('en')} scored`,
      );
      outputs.push((await download(page)).text);
    }
    expect(outputs[1] === outputs[0]).toBe(true);
    const { rows } = parseOutput(outputs[0]!);
    expect(rows).toHaveLength(lines.length);
    expect(rows[straddled]![1]).toBe(
      `a note that goes on${'.'.repeat(80)}\nover\r\nthree lines, "quoted"`,
    );
    const errors = rows.flatMap((cells, i) => (cells.at(-1) ? [[i, cells.at(-1)]] : []));
    expect(errors).toEqual([...bad.entries()]);
    const misplaced = rows.filter(
      (cells, i) => cells[0] !== String(i) || (cells[2] === 'abc') !== bad.has(i),
    );
    expect(misplaced).toEqual([]);
  });

  test('cancels a large batch at once, every worker; the form keeps predicting throughout', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const path = join(tmp, 'drugs-cancel.csv');
    await writeDrugCsv(path, 40 * 1024 * 1024);
    const workers: Worker[] = [];
    page.on('worker', (worker) => workers.push(worker));
    await open(page);
    const formWorkers = workers.length;
    // One batch worker per core the page reports (at most 4), at least two on this machine.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const batchWorkers = Math.min(4, cores);
    expect(batchWorkers).toBeGreaterThanOrEqual(2);

    await batchElement(page).locator('input[type="file"]').setInputFiles(path);
    const progress = batchElement(page).getByTestId('batch-progress-text');
    await expect(progress).toContainText('rows/s');
    expect(workers.length).toBe(formWorkers + batchWorkers);
    const scoring = workers.slice(formWorkers);

    // While the batch runs in its own workers, the form still answers.
    await numberField(page, 'Age').fill('47');
    await page
      .getByRole('group', { name: 'Blood pressure' })
      .getByRole('radio', { name: 'High' })
      .check();
    await numberField(page, 'Na_to_K').fill('14');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    await expect(progress).toBeVisible();

    const closed = scoring.map(
      (worker) => new Promise<void>((resolve) => worker.once('close', () => resolve())),
    );
    await batchElement(page).getByRole('button', { name: 'Cancel' }).click();
    await Promise.all(closed); // every worker is stopped, not left to finish its part
    await expect(batchElement(page).getByTestId('batch-cancelled')).toContainText(
      '“drugs-cancel.csv” was cancelled; no file was produced.',
    );
    await expect(progress).toHaveCount(0);
    await expect(downloadLink(page)).toHaveCount(0);
    await expect(
      batchElement(page).getByRole('button', { name: 'Choose a CSV file' }),
    ).toBeFocused();

    await numberField(page, 'Na_to_K').fill('20');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');

    // The next batch gets fresh workers.
    await uploadCsv(page, 'after.csv', 'Age,Sex,BP,Cholesterol,Na_to_K\n47,F,HIGH,HIGH,14\n');
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('1 row: 1 scored');
    expect(workers.length).toBe(formWorkers + 2 * batchWorkers);
  });

  test('the Choose button opens the file picker from the keyboard', async ({ page }) => {
    await open(page);
    const choose = batchElement(page).getByRole('button', { name: 'Choose a CSV file' });
    // Listening first: Playwright starts intercepting file pickers when the listener is added.
    const choosing = page.waitForEvent('filechooser');
    await choose.focus();
    await page.keyboard.press('Enter');
    const chooser = await choosing;
    expect(chooser.isMultiple()).toBe(false);
    await chooser.setFiles({
      name: 'keyboard.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Age,Sex,BP,Cholesterol,Na_to_K\n47,F,HIGH,HIGH,14\n'),
    });
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('1 row: 1 scored');
  });

  test('accepts a dropped file', async ({ page }) => {
    await open(page);
    const data = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(
          ['Age,Sex,BP,Cholesterol,Na_to_K\n47,F,HIGH,HIGH,14\n60,F,LOW,HIGH,20\n'],
          'dropped.csv',
          {
            type: 'text/csv',
          },
        ),
      );
      return transfer;
    });
    const zone = batchElement(page).locator('[part="drop-zone"]');
    await zone.dispatchEvent('dragover', { dataTransfer: data });
    await zone.dispatchEvent('drop', { dataTransfer: data });
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('2 rows: 2 scored');
    await expect(
      batchElement(page).getByTestId('batch-classes').locator('li[data-class="drugA"]'),
    ).toContainText('1 (50.0 %)');
  });
  test('on the site, a file dropped anywhere on the page is scored', async ({ page }) => {
    await open(page);
    const data = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(['Age,Sex,BP,Cholesterol,Na_to_K\n47,F,HIGH,HIGH,14\n'], 'anywhere.csv', {
          type: 'text/csv',
        }),
      );
      return transfer;
    });
    const dragOver = await page.evaluate((transfer) => {
      const event = new DragEvent('dragover', {
        dataTransfer: transfer,
        cancelable: true,
        bubbles: true,
      });
      document.querySelector('formcast-app')!.dispatchEvent(event);
      return event.defaultPrevented;
    }, data);
    // Accepting the drag is what stops the browser from opening the file instead of the page.
    expect(dragOver).toBe(true);
    await expect(batchElement(page).locator('[part="drop-zone"]')).toHaveClass(/dragging/);
    await page.locator('header').dispatchEvent('drop', { dataTransfer: data });
    await expect(batchElement(page).getByTestId('batch-summary')).toContainText('1 row: 1 scored');

    // A drag without files (text into a field) is left to the browser.
    const text = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.setData('text/plain', '50');
      return transfer;
    });
    const textPrevented = await page.evaluate((transfer) => {
      const event = new DragEvent('dragover', {
        dataTransfer: transfer,
        cancelable: true,
        bubbles: true,
      });
      document.querySelector('formcast-app')!.dispatchEvent(event);
      return event.defaultPrevented;
    }, text);
    expect(textPrevented).toBe(false);
  });
});

test.describe('batch scoring: accessibility and layout', () => {
  test('no axe violations with a result, its problems and the preview shown', async ({ page }) => {
    await open(page);
    await uploadCsv(page, 'drug-mixed.csv', fixture('drug-mixed.csv'));
    await expect(downloadLink(page)).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('no axe violations while scoring and after a refused file', async ({ page }) => {
    const path = join(tmp, 'drugs-axe.csv');
    await writeDrugCsv(path, 20 * 1024 * 1024);
    await open(page);
    await batchElement(page).locator('input[type="file"]').setInputFiles(path);
    await expect(batchElement(page).getByTestId('batch-progress-text')).toContainText('rows/s');
    expect(await axeViolations(page)).toEqual([]);
    // The 20 MB file may be done before axe is (≈ 0.75 s on two cores): a Cancel click then finds
    // its button gone. The next file waits for this one's end instead; Cancel has its own tests.
    await expect(downloadLink(page)).toBeVisible();
    await uploadCsv(page, 'missing-column.csv', fixture('missing-column.csv'));
    await expect(batchElement(page).getByRole('alert')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('fits a phone screen with the result shown; the preview scrolls on its own', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await open(page);
    await uploadCsv(page, 'drug-mixed.csv', fixture('drug-mixed.csv'));
    await expect(downloadLink(page)).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const table = batchElement(page).locator('.table-wrap');
    expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });

  test('works under the strict Content-Security-Policy docs/hosting.md gives hosts', async ({
    page,
  }) => {
    const strict = await startStaticServer({
      root: dist,
      headers: { 'content-security-policy': STRICT_CSP },
    });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    try {
      await page.goto(strict.url);
      await waitForPrediction(page);
      await uploadCsv(page, 'drug-mixed.csv', fixture('drug-mixed.csv'));
      await expect(downloadLink(page)).toBeVisible();
      expect(parseOutput((await download(page)).text).rows).toHaveLength(14);
      expect(problems).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  test('class bars are sized through CSSOM, which the CSP allows', async ({ page }) => {
    await open(page);
    await uploadCsv(page, 'drug-mixed.csv', fixture('drug-mixed.csv'));
    await expect(downloadLink(page)).toBeVisible();
    const bars = batchElement(page).locator('.bar[data-p]');
    await expect(bars).toHaveCount(5);
    for (const bar of await bars.all()) {
      const p = Number(await bar.getAttribute('data-p'));
      const share = await bar.evaluate(
        (el) => el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width,
      );
      expect(share).toBeCloseTo(p, 1);
    }
  });
});

// Every other model of the index, from files built of its golden rows: each row's prediction
// cells must be what the page's own widget predicts for the same cells.
for (const { id } of indexedModels().filter((m) => m.id !== 'drug')) {
  test.describe(`batch scoring with the ${id} model`, () => {
    const manifest = manifestOf(id);
    const names = manifest.inputs.map((s) => s.name);
    const optional = manifest.inputs.filter((s) => s.optional).map((s) => s.name);
    const firstNumber = manifest.inputs.find((s) => s.type === 'number')!.name;

    /** Golden rows, one with every optional cell empty, one "abc" number, one short row. */
    function testFile(): { text: string; rows: string[][]; bad: Map<number, string> } {
      // The first golden rows, then some with optional inputs left empty (training wrote them).
      const all = goldenInputs(id);
      const golden = [
        ...all.slice(0, 30),
        ...all.filter((r) => Object.values(r).includes(null)).slice(0, 10),
      ];
      const rows = golden.map((r, i) => [`r${i}`, ...names.map((n) => cellOf(r[n]))]);
      const bad = new Map<number, string>();
      if (optional.length > 0) {
        rows.push([
          'all-optional-empty',
          ...names.map((n) => (optional.includes(n) ? '' : cellOf(golden[1]![n]))),
        ]);
      }
      bad.set(rows.length, firstNumber);
      rows.push(['abc', ...names.map((n) => (n === firstNumber ? 'abc' : cellOf(golden[2]![n])))]);
      bad.set(rows.length, 'fields');
      rows.push(['short', ...names.slice(0, -1).map((n) => cellOf(golden[3]![n]))]);
      const text = [['row_id', ...names], ...rows].map((r) => csvLine(r)).join('');
      return { text, rows, bad };
    }

    test('the download matches predict() row by row; empty optional cells score, malformed rows fail with a message', async ({
      page,
    }) => {
      const { text, rows, bad } = testFile();
      await openModel(page, id);
      await uploadCsv(page, `${id}.csv`, text);
      await expect(downloadLink(page)).toBeVisible();
      await expect(batchElement(page).getByTestId('batch-summary')).toContainText(
        `${rows.length} rows: ${rows.length - bad.size} scored, ${bad.size} could not be scored`,
      );
      const { header, rows: out } = parseOutput((await download(page)).text);
      expect(header).toEqual(['row_id', ...names, ...predictionColumns(manifest)]);
      expect(out).toHaveLength(rows.length);

      const good = rows.map((r, i) => [r, i] as const).filter(([, i]) => !bad.has(i));
      const direct = await widgetPredictions(
        page,
        good.map(([r]) => Object.fromEntries(names.map((n, k) => [n, r[k + 1]!]))),
      );
      const width = predictionColumns(manifest).length;
      for (const [k, [source, i]] of good.entries()) {
        expect(out[i]!.slice(0, names.length + 1), `row ${i + 1} keeps its values`).toEqual(source);
        expect(out[i]!.slice(names.length + 1), `row ${i + 1} as predict() gives it`).toEqual(
          cellsOf(manifest, direct[k]!),
        );
      }
      for (const [i, column] of bad) {
        const cells = out[i]!.slice(names.length + 1);
        expect(cells.slice(0, width - 1), `row ${i + 1} has no prediction`).toEqual(
          Array(width - 1).fill(''),
        );
        expect(cells.at(-1), `row ${i + 1} says why`).toContain(column);
      }
      const preview = batchElement(page).getByTestId('batch-preview');
      await expect(preview.locator('thead th')).toHaveText([
        'row_id',
        ...names,
        ...predictionColumnLabels(manifest),
      ]);
      await expect(preview.locator('tbody tr.failed')).toHaveCount(
        [...bad.keys()].filter((i) => i < 20).length,
      );

      if (isRegression(manifest)) {
        const values = out.filter((_, i) => !bad.has(i)).map((r) => Number(r[names.length + 1]));
        const expected = {
          min: Math.min(...values),
          max: Math.max(...values),
          mean: values.reduce((a, b) => a + b, 0) / values.length,
        };
        for (const [stat, v] of Object.entries(expected)) {
          const shown = batchElement(page).locator(
            `[data-testid="batch-values"] [data-stat="${stat}"]`,
          );
          const value = Number(await shown.getAttribute('data-value'));
          expect(Math.abs(value - v), stat).toBeLessThanOrEqual(Math.abs(v) * 1e-6);
          await expect(shown.locator('dd')).toHaveText(
            formatNumber(value, manifest.outputs.format),
          );
        }
        await expect(batchElement(page).getByTestId('batch-classes')).toHaveCount(0);
      } else {
        const counts = batchElement(page).getByTestId('batch-classes');
        for (const c of manifest.outputs.classes) {
          const n = out.filter((r) => r[names.length + 1] === c).length;
          const item = counts.locator(`li[data-class="${c}"]`);
          await expect(item).toContainText(classLabel(manifest, c));
          await expect(item.locator('.value')).toHaveText(
            new RegExp(`^${n.toLocaleString('en')} \\(`),
          );
        }
      }
    });

    test('no axe violations with the result shown', async ({ page }) => {
      await openModel(page, id);
      await uploadCsv(page, `${id}.csv`, testFile().text);
      await expect(downloadLink(page)).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}
