import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

const root = new URL('../../', import.meta.url);

/** The build under test: dist/, or $FORMCAST_DIST (to test a build made elsewhere). */
export const distDir = process.env.FORMCAST_DIST ?? fileURLToPath(new URL('dist/', root));

/** Reads a file of the repository (the committed model artifacts, mostly). */
/** The Content-Security-Policy docs/hosting.md gives hosts of the site: nothing inline, no other origin. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'";

export function readRepoFile(path: string): Buffer {
  return readFileSync(new URL(path, root));
}

export function readJson<T>(path: string): T {
  return JSON.parse(readRepoFile(path).toString('utf8')) as T;
}

export interface GoldenRow {
  readonly kind: string;
  readonly note?: string;
  readonly inputs: Record<string, number | string>;
  readonly label: string;
  readonly probabilities: number[];
}

export interface Golden {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly tolerance: number;
  readonly classes: string[];
  readonly rows: GoldenRow[];
}

/** The predicted class label shown by the widget (its raw label, not the readable name). */
export function shownLabel(page: Page): Locator {
  return page.locator('formcast-result [part="label"]');
}

/** The shown result of any task: the predicted class (class tasks) or value (regression). */
export function shownResult(page: Page): Locator {
  return page.locator('formcast-result').locator('[part="label"], [part="value"]');
}

/** Waits until the widget is loaded and shows a prediction. */
export async function waitForPrediction(page: Page): Promise<void> {
  await expect(shownResult(page)).toBeVisible();
}

/** The text input of a number field. */
export function numberField(page: Page, name: string): Locator {
  return page.locator(`formcast-field input[name="${name}"]`);
}

/** One radio button of a category field, by the group's and the option's visible labels. */
export function radio(page: Page, group: string, option: string): Locator {
  return page
    .getByRole('group', { name: group, exact: true })
    .getByRole('radio', { name: option, exact: true });
}

/** The error or warning message shown under a field. */
export function fieldMessage(page: Page, name: string): Locator {
  return page
    .locator(`formcast-field`)
    .filter({ has: page.locator(`[name="${name}"]`) })
    .locator('.message');
}

/** Holds every request matching `pattern` until the returned function is called. */
export async function holdRequests(page: Page, pattern: string): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's WCAG 2.x A/AA and best-practice violations on the page, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
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

/** The batch-scoring element of the page. */
export function batchElement(page: Page): Locator {
  return page.locator('formcast-batch');
}

/** Chooses `content` as the batch's CSV file, as a user picking a file named `name`. */
export async function uploadCsv(page: Page, name: string, content: Buffer | string): Promise<void> {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  await batchElement(page)
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer });
}
