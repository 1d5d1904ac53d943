import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import { distDir, numberField, shownLabel } from './helpers';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

/** The CSP a host page needs for the widget, as docs/embedding.md documents it. */
const hostCsp = (formcast: string) =>
  `default-src 'self'; script-src 'self' 'unsafe-inline' ${formcast} 'wasm-unsafe-eval'; worker-src blob: ${formcast}; connect-src ${formcast}; style-src 'self' 'unsafe-inline'`;

let formcast: StaticServer; // Formcast's own host, allowing CORS as docs/embedding.md asks
let host: StaticServer; // someone else's site, embedding it
let hostileHost: StaticServer; // a third origin that tries to talk to the iframe
let hostCspServer: StaticServer; // the host site again, sending the documented CSP
let pages: string;

function formcastOrigin(): string {
  return new URL(formcast.url).origin;
}

test.beforeAll(async () => {
  formcast = await startStaticServer({
    root: distDir,
    headers: { 'access-control-allow-origin': '*' },
  });
  pages = mkdtempSync(join(tmpdir(), 'formcast-host-'));
  // The examples, pointed at this Formcast server instead of the placeholder origin.
  for (const name of readdirSync(examples)) {
    const text = readFileSync(join(examples, name), 'utf8').replaceAll(
      'https://formcast.example',
      formcastOrigin(),
    );
    writeFileSync(join(pages, name), text);
  }
  // A host has its own favicon; without one its 404 would count as a console error below.
  copyFileSync(join(distDir, 'favicon.ico'), join(pages, 'favicon.ico'));
  writeFileSync(
    join(pages, 'hostile.html'),
    `<!doctype html><html lang="en"><head><title>Hostile host</title>
      <style>* { all: unset } div { display: none } input { display: none } p { color: transparent }</style>
      <script type="module" src="${formcastOrigin()}/embed/formcast.js"></script></head>
      <body><formcast-predictor src="${formcastOrigin()}/models/drug/"></formcast-predictor></body></html>`,
  );
  host = await startStaticServer({ root: pages });
  hostCspServer = await startStaticServer({
    root: pages,
    headers: { 'content-security-policy': hostCsp(formcastOrigin()) },
  });
  hostileHost = await startStaticServer({ root: pages });
  // The attacker page: from a third origin, it messages its sibling (the Formcast iframe) and its
  // parent (the host), pretending to be each other's trusted party.
  writeFileSync(
    join(pages, 'attacker.html'),
    `<!doctype html><html lang="en"><head><title>Attacker</title></head><body><script>
      parent.frames[0].postMessage({ source: 'formcast-host', type: 'formcast-set-values', values: { Age: 20 } }, '*');
      parent.postMessage({ source: 'formcast', type: 'formcast-predict', detail: { label: 'FAKE' } }, '*');
      parent.postMessage({ source: 'formcast', type: 'formcast-resize', height: 5 }, '*');
      parent.postMessage({ attackerDone: true }, '*');
    </script></body></html>`,
  );
  writeFileSync(
    join(pages, 'iframe-with-attacker.html'),
    readFileSync(join(pages, 'iframe.html'), 'utf8').replace(
      '</body>',
      `<script>
        window.attackerDone = false;
        addEventListener('message', (e) => { if (e.data?.attackerDone) window.attackerDone = true; });
        window.addAttacker = () => {
          const evil = document.createElement('iframe');
          evil.src = '${hostileHost.url}attacker.html';
          document.body.append(evil);
        };
      </script></body>`,
    ),
  );
});

test.afterAll(async () => {
  await Promise.all([formcast, host, hostileHost, hostCspServer].map((s) => s.close()));
  rmSync(pages, { recursive: true, force: true });
});

async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    for (const type of ['formcast-ready', 'formcast-predict', 'formcast-error']) {
      document.addEventListener(type, (e) =>
        seen.push({ type, detail: (e as CustomEvent).detail }),
      );
    }
  });
}

test.describe('the custom element on another origin', () => {
  test('loads, predicts, and the host page receives formcast-predict', async ({ page }) => {
    await recordEvents(page);
    await page.goto(`${host.url}plain.html`);
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    await numberField(page, 'Age').fill('47');
    await page.getByRole('radio', { name: 'High', exact: true }).first().check(); // Blood pressure
    await numberField(page, 'Na_to_K').fill('14');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    const seen = await page.evaluate(
      () =>
        (window as unknown as { seen: { type: string; detail: Record<string, unknown> }[] }).seen,
    );
    expect(seen.some((e) => e.type === 'formcast-ready')).toBe(true);
    expect(seen.at(-1)).toMatchObject({
      type: 'formcast-predict',
      detail: {
        label: 'drugA',
        modelId: 'drug',
        modelVersion: '1.0.0',
        inputs: { Age: 47, BP: 'HIGH', Na_to_K: 14 },
      },
    });
  });

  test('works under the host CSP docs/embedding.md documents', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${hostCspServer.url}plain.html`);
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'DrugY');
    expect(problems).toEqual([]);
  });

  test('two widgets on one page share one worker; the page hears both', async ({ page }) => {
    await page.goto(`${host.url}two-widgets.html`);
    await expect(page.locator('#first formcast-result [part="label"]')).toHaveAttribute(
      'data-label',
      'drugA',
    );
    await expect(page.locator('#second formcast-result [part="label"]')).toHaveAttribute(
      'data-label',
      'DrugY',
    );
    expect(page.workers()).toHaveLength(1);
    const events = await page.evaluate(
      () =>
        (window as unknown as { formcastEvents: { widget: string; label: string }[] })
          .formcastEvents,
    );
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ widget: 'first', label: 'drugA' }),
        expect.objectContaining({ widget: 'second', label: 'DrugY' }),
      ]),
    );
    // The host themed the second widget through a custom property.
    const accent = await page
      .locator('#second formcast-result [part="label"]')
      .evaluate((el) => getComputedStyle(el).color);
    expect(accent).toBe('rgb(0, 105, 92)');
  });

  test('an abort cancels one widget’s call; the shared worker stops only when no widget else uses it', async ({
    page,
  }) => {
    const started: string[] = [];
    const closed: string[] = [];
    page.on('worker', (worker) => {
      started.push(worker.url());
      worker.on('close', () => closed.push(worker.url()));
    });
    await page.goto(`${host.url}two-widgets.html`);
    const first = page.locator('#first formcast-result [part="label"]');
    const second = page.locator('#second formcast-result [part="label"]');
    await expect(first).toHaveAttribute('data-label', 'drugA');
    await expect(second).toHaveAttribute('data-label', 'DrugY');
    expect(started).toHaveLength(1);

    type Widget = HTMLElement & {
      predict(values: object, options?: { signal?: AbortSignal }): Promise<{ label: string }>;
    };
    const values = { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };
    const abortedCall = (id: string) =>
      page.evaluate(
        async ([id, values]) => {
          const widget = document.querySelector<Widget>(id as string)!;
          const controller = new AbortController();
          const call = widget.predict(values as object, { signal: controller.signal });
          controller.abort();
          return call.then(
            () => 'resolved',
            (error: { code?: string }) => error.code,
          );
        },
        [id, values] as const,
      );
    const predictIn = (id: string) =>
      page.evaluate(
        async ([id, values]) =>
          (await document.querySelector<Widget>(id as string)!.predict(values as object)).label,
        [id, values] as const,
      );

    // Shared: the first widget's call is cancelled, and nothing else is.
    expect(await abortedCall('#first')).toBe('ABORTED');
    expect(await predictIn('#second')).toBe('drugA');
    expect(await predictIn('#first')).toBe('drugA');
    // The second widget's form still predicts as the user types (DrugY needs Na_to_K > 14.83).
    await page.locator('#second formcast-field input[name="Na_to_K"]').fill('10');
    await expect(second).not.toHaveAttribute('data-label', 'DrugY');
    expect(closed).toEqual([]);
    expect(started).toHaveLength(1);

    // Alone with the worker, an abort stops it (work inside cannot be interrupted otherwise);
    // the next call starts a new one and loads the model again.
    await page.evaluate(() => document.querySelector('#second')!.remove());
    expect(await abortedCall('#first')).toBe('ABORTED');
    await expect.poll(() => closed.length).toBe(1);
    expect(await predictIn('#first')).toBe('drugA');
    expect(started).toHaveLength(2);
  });

  test('a hostile host stylesheet does not break the widget', async ({ page }) => {
    await page.goto(`${host.url}hostile.html`);
    await expect(shownLabel(page)).toBeVisible();
    await expect(numberField(page, 'Age')).toBeVisible();
    await numberField(page, 'Age').fill('47');
    await page.getByRole('radio', { name: 'High', exact: true }).first().check();
    await numberField(page, 'Na_to_K').fill('14');
    await expect(shownLabel(page)).toHaveAttribute('data-label', 'drugA');
    const box = await page.locator('formcast-result').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(100);
  });

  test('loading the bundle twice warns instead of throwing', async ({ page }) => {
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.url}plain.html`);
    await expect(shownLabel(page)).toBeVisible();
    // A second copy (a different URL, so the browser evaluates it again).
    await page.evaluate((url) => import(url), `${formcastOrigin()}/embed/formcast.js?copy=2`);
    await expect
      .poll(() => warnings.join('\n'))
      .toContain('<formcast-predictor> is already defined');
    expect(errors).toEqual([]);
    await expect(shownLabel(page)).toBeVisible();
  });
});

test.describe('the iframe embed', () => {
  test('resizes to its content and relays events to the parent', async ({ page }) => {
    await page.goto(`${host.url}iframe.html`);
    const events = () =>
      page.evaluate(
        () =>
          (window as unknown as { formcastEvents: { type: string; detail: { label?: string } }[] })
            .formcastEvents,
      );
    await expect
      .poll(async () => (await events()).find((e) => e.type === 'formcast-predict')?.detail.label)
      .toBe('DrugY');
    const frame = page.locator('#formcast');
    await expect.poll(async () => (await frame.boundingBox())?.height ?? 0).toBeGreaterThan(400);
    const inner = await page
      .frameLocator('#formcast')
      .locator('html')
      .evaluate((el) => el.scrollHeight);
    expect(Math.abs(((await frame.boundingBox())?.height ?? 0) - inner)).toBeLessThanOrEqual(2);

    await page.evaluate(() =>
      (window as unknown as { setFormcastValues: (v: object) => void }).setFormcastValues({
        Age: 47,
        BP: 'HIGH',
        Na_to_K: 14,
      }),
    );
    await expect.poll(async () => (await events()).at(-1)?.detail.label).toBe('drugA');
  });

  test('ignores messages from other origins, both ways', async ({ page }) => {
    await page.goto(`${host.url}iframe-with-attacker.html`);
    type Seen = { type: string; detail: { label?: string; inputs?: { Age?: number } } }[];
    const events = () =>
      page.evaluate(() => (window as unknown as { formcastEvents: Seen }).formcastEvents);
    await expect
      .poll(async () => (await events()).some((e) => e.type === 'formcast-predict'))
      .toBe(true);
    await page.evaluate(() => (window as unknown as { addAttacker: () => void }).addAttacker());
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { attackerDone: boolean }).attackerDone),
      )
      .toBe(true);
    // A legitimate message afterwards, so the frame has handled everything sent before it.
    await page.evaluate(() =>
      (window as unknown as { setFormcastValues: (v: object) => void }).setFormcastValues({
        Na_to_K: 14,
        BP: 'HIGH',
        Age: 47,
      }),
    );
    await expect.poll(async () => (await events()).at(-1)?.detail.label).toBe('drugA');
    const all = await events();
    expect(all.some((e) => e.detail.label === 'FAKE')).toBe(false);
    expect(all.some((e) => e.detail.inputs?.Age === 20)).toBe(false);
    expect((await page.locator('#formcast').boundingBox())?.height ?? 0).toBeGreaterThan(400);
  });
});

test('the headless API predicts the tutorial’s examples from a plain module script', async ({
  page,
}) => {
  await page.goto(`${host.url}api.html`);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { apiResults?: unknown }).apiResults))
    .toBeTruthy();
  const out = await page.evaluate(() => (window as unknown as { apiResults: unknown }).apiResults);
  expect(out).toMatchObject({
    results: [
      { label: 'DrugY', probability: 1, modelVersion: '1.0.0' },
      { label: 'drugA', probability: 1, modelVersion: '1.0.0' },
    ],
    rejected: { code: 'INPUT_INVALID', isInputError: true, message: 'Age: "abc" is not a number' },
    modelId: 'drug',
  });
});
