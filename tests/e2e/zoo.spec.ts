import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import { STRICT_CSP } from './helpers';

// The test zoo (python/tests/zoo.py: 17 fitted pipelines, every estimator family and step the
// formcast package supports) exported with formcast.export and assembled by formcast.build_site
// into ONE site, served as a host would. Each model must give the fitted model's golden answers
// in real Chromium through the public API, and its form must show them.

type Value = number | string | null;

interface GoldenRow {
  readonly kind: string;
  readonly note: string;
  readonly inputs: Record<string, Value>;
  readonly label?: string;
  readonly probabilities?: number[];
  readonly value?: number;
}

interface Golden {
  readonly task: 'classification' | 'binary' | 'regression';
  readonly tolerance: number;
  readonly classes?: string[];
  readonly rows: GoldenRow[];
}

interface Answer {
  readonly label?: string;
  readonly probabilities?: Record<string, number>;
  readonly value?: number;
  readonly error?: string;
}

const root = new URL('../../', import.meta.url);
let work: string;
let site: string;
let server: StaticServer;
let ids: string[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  work = mkdtempSync(join(tmpdir(), 'formcast-zoo-'));
  execFileSync('bash', ['scripts/python.sh', 'python/tests/zoo.py', work], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  site = join(work, 'site');
  const index = JSON.parse(readFileSync(join(site, 'models/index.json'), 'utf8')) as {
    models: { id: string }[];
  };
  ids = index.models.map((m) => m.id);
  server = await startStaticServer({
    root: site,
    headers: { 'content-security-policy': STRICT_CSP },
  });
});

test.afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function golden(id: string): Golden {
  return JSON.parse(readFileSync(join(site, 'models', id, 'golden.json'), 'utf8')) as Golden;
}

/**
 * Every golden row through the public API of the page's own widget, predict(), all at once (the
 * worker queues them), as an embedder's script would call it.
 */
function predictAll(page: Page, rows: readonly GoldenRow[]): Promise<Answer[]> {
  return page.evaluate(async (rows): Promise<Answer[]> => {
    const widget = document
      .querySelector('formcast-app')!
      .shadowRoot!.querySelector('formcast-predictor')!;
    return Promise.all(
      rows.map(async (row): Promise<Answer> => {
        try {
          const p = await widget.predict(row.inputs);
          return p.task === 'regression'
            ? { value: p.value }
            : { label: p.label, probabilities: { ...p.probabilities } };
        } catch (error) {
          return { error: String(error) };
        }
      }),
    );
  }, rows);
}

/** Rows whose answer differs from the golden one beyond the model's tolerance, described. */
function mismatches(expected: Golden, answers: readonly Answer[]): string[] {
  const wrong: string[] = [];
  expected.rows.forEach((row, i) => {
    const got = answers[i]!;
    const where = `row ${i} (${row.note})`;
    if (got.error) wrong.push(`${where}: ${got.error}`);
    else if (expected.task === 'regression') {
      const delta = Math.abs(got.value! - row.value!) / Math.max(1, Math.abs(row.value!));
      if (!(delta <= expected.tolerance)) wrong.push(`${where}: ${got.value} vs ${row.value}`);
    } else {
      const classes = expected.classes!;
      const worst = Math.max(
        ...classes.map((c, k) =>
          Math.abs((got.probabilities?.[c] ?? NaN) - row.probabilities![k]!),
        ),
      );
      if (got.label !== row.label || !(worst <= expected.tolerance))
        wrong.push(`${where}: ${got.label} (${worst}) vs ${row.label}`);
    }
  });
  return wrong;
}

/** A link that opens model `id` with a golden row's values in the form. */
function link(id: string, row: GoldenRow): string {
  const query = new URLSearchParams({ model: id });
  for (const [name, value] of Object.entries(row.inputs)) {
    if (value !== null) query.set(name, String(value));
  }
  return `${server.url}?${query.toString()}`;
}

test('one formcast site serves every zoo model: golden rows through the API and the form', async ({
  page,
}) => {
  test.setTimeout(90_000);
  expect(ids.length).toBeGreaterThanOrEqual(12);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const report: string[] = [];
  for (const id of ids) {
    const expected = golden(id);
    // The form: a link with a non-training golden row (an edge case) fills it; the widget shows
    // that row's golden answer.
    const row = expected.rows.find((r) => r.kind !== 'training') ?? expected.rows[0]!;
    await page.goto(link(id, row));
    const result = page.locator('formcast-result');
    if (expected.task === 'regression') {
      const shown = result.locator('[part="value"]');
      await expect(shown).toBeVisible();
      const value = Number(await shown.getAttribute('data-value'));
      expect(
        Math.abs(value - row.value!) / Math.max(1, Math.abs(row.value!)),
        id,
      ).toBeLessThanOrEqual(expected.tolerance);
    } else {
      await expect(result.locator('[part="label"]').first(), id).toHaveAttribute(
        'data-label',
        row.label!,
      );
    }
    // The API: every golden row.
    const answers = await predictAll(page, expected.rows);
    const wrong = mismatches(expected, answers);
    expect(wrong, `${id}: ${wrong.slice(0, 3).join('; ')}`).toEqual([]);
    report.push(`${id} ${expected.rows.length}/${expected.rows.length}`);
  }
  // A model exported without its target says so on its card instead of showing metrics.
  await page.goto(`${server.url}?model=${ids[0]}`);
  await page.getByText('About this model').click();
  await expect(page.locator('formcast-model-card [data-field="metrics"]')).toContainText(
    'No metric was measured',
  );
  // The card's own check of a user's model, in the page's worker.
  await page.getByRole('button', { name: 'Check this model in this browser' }).click();
  const rows = golden(ids[0]!).rows.length;
  await expect(
    page.locator('formcast-model-card [data-field="golden-check"] [role="status"]'),
  ).toHaveText(new RegExp(`${rows}/${rows} rows agree with scikit-learn, largest difference `));
  expect(errors).toEqual([]);
  console.log(`zoo parity in Chromium: ${report.join(', ')}`);
});
