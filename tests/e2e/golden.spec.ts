import { expect, test } from '@playwright/test';
import { readJson, readRepoFile } from './helpers';
import { openModel } from './task-helpers';

// Golden vectors are written by training (training/export.py) from the scikit-learn pipeline's
// own answers; here the real worker, running real onnxruntime-web in Chromium, must give them.

interface GoldenRow {
  readonly kind: string;
  readonly note?: string;
  /** null: an optional field left empty (the pipeline imputes it). */
  readonly inputs: Record<string, number | string | null>;
  readonly label?: string;
  readonly probabilities?: number[];
  readonly value?: number;
}

interface Golden {
  readonly modelId: string;
  readonly task?: 'classification' | 'binary' | 'regression';
  /** Classification: absolute per probability; regression: relative to the value. */
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

const index = readJson<{ models: { id: string; path: string }[] }>('public/models/index.json');

for (const { id, path } of index.models) {
  const dir = `public/models/${path}`;
  const golden = readJson<Golden>(`${dir}golden.json`);
  const manifestText = readRepoFile(`${dir}manifest.json`).toString('utf8');
  const manifest = JSON.parse(manifestText) as {
    task: string;
    inputs: { name: string; optional?: boolean }[];
    model: { file: string; numeric?: { file: string } };
  };

  // The browser runs the numeric variant when the manifest lists one, model.onnx otherwise:
  // both are checked, and each test asserts which file the worker really loaded.
  const variants = [
    ...(manifest.model.numeric
      ? [
          {
            name: `${manifest.model.numeric.file} (the default)`,
            file: manifest.model.numeric.file,
            strip: false,
          },
        ]
      : []),
    { name: `${manifest.model.file} (string inputs)`, file: manifest.model.file, strip: true },
  ];

  test.describe(`${id} (${manifest.task})`, () => {
    for (const variant of variants) {
      test(`every golden row gives scikit-learn’s answer in the real worker: ${variant.name}`, async ({
        page,
      }) => {
        const models: string[] = [];
        page.on(
          'request',
          (r) => r.url().endsWith('.onnx') && models.push(r.url().split('/').pop()!),
        );
        if (variant.strip) {
          await page.route(`**/models/${path}manifest.json`, (route) => {
            const stripped = JSON.parse(manifestText);
            delete stripped.model.numeric;
            return route.fulfill({
              contentType: 'application/json',
              body: JSON.stringify(stripped),
            });
          });
        }
        await openModel(page, id);

        const results = await page.evaluate(async (rows): Promise<Answer[]> => {
          const widget = document
            .querySelector('formcast-app')!
            .shadowRoot!.querySelector('formcast-predictor')!;
          const out: Answer[] = [];
          for (const row of rows) {
            try {
              const p = await widget.predict(row.inputs);
              out.push(
                p.task === 'regression'
                  ? { value: p.value }
                  : { label: p.label, probabilities: { ...p.probabilities } },
              );
            } catch (error) {
              out.push({ error: String(error) });
            }
          }
          return out;
        }, golden.rows);

        expect(results).toHaveLength(golden.rows.length);
        const mismatches: string[] = [];
        const failingRows = new Set<number>();
        let maxDelta = 0;
        golden.rows.forEach((row, i) => {
          const got = results[i]!;
          const where = `row ${i} (${row.kind}${row.note ? `: ${row.note}` : ''}) ${JSON.stringify(row.inputs)}`;
          const before = mismatches.length;
          if (got.error) {
            mismatches.push(`${where}: ${got.error}`);
          } else if (golden.task === 'regression') {
            const delta =
              Math.abs((got.value ?? Number.NaN) - row.value!) / Math.max(1, Math.abs(row.value!));
            maxDelta = Math.max(maxDelta, Number.isNaN(delta) ? Number.POSITIVE_INFINITY : delta);
            if (!(delta <= golden.tolerance))
              mismatches.push(
                `${where}: value ${got.value}, expected ${row.value} (relative ${delta})`,
              );
          } else {
            if (got.label !== row.label)
              mismatches.push(`${where}: label ${got.label}, expected ${row.label}`);
            golden.classes!.forEach((cls, k) => {
              const delta = Math.abs(
                (got.probabilities?.[cls] ?? Number.NaN) - row.probabilities![k]!,
              );
              maxDelta = Math.max(maxDelta, Number.isNaN(delta) ? Number.POSITIVE_INFINITY : delta);
              if (!(delta <= golden.tolerance))
                mismatches.push(`${where}: P(${cls}) off by ${delta}`);
            });
          }
          if (mismatches.length > before) failingRows.add(i);
        });
        const perKind = new Map<string, number>();
        for (const row of golden.rows) perKind.set(row.kind, (perKind.get(row.kind) ?? 0) + 1);
        const kinds = [...perKind].map(([kind, n]) => `${kind} ${n}`);
        const matching = golden.rows.length - failingRows.size;
        const measure = golden.task === 'regression' ? 'max relative |Δvalue|' : 'max |Δp|';
        const summary = `${id} ${variant.file}: ${matching}/${golden.rows.length} rows match (${kinds.join(', ')}); ${measure} ${maxDelta}`;
        console.log(`parity: ${summary}`);
        test.info().annotations.push({ type: 'parity', description: summary });
        expect(mismatches).toEqual([]);
        expect(models).toEqual([variant.file]);
      });
    }

    test('the golden file is this model’s and covers training rows and edge cases', () => {
      expect(golden.modelId).toBe(id);
      expect(golden.task ?? 'classification').toBe(manifest.task);
      const kinds = new Set(golden.rows.map((r) => r.kind));
      expect(kinds.has('training')).toBe(true);
      expect(kinds.size).toBeGreaterThan(1);
      // Every optional input is left empty in some golden row, so imputation is checked too.
      for (const input of manifest.inputs.filter((i) => i.optional)) {
        expect(
          golden.rows.some((r) => r.inputs[input.name] === null),
          input.name,
        ).toBe(true);
      }
      if (id === 'drug') expect(golden.rows.filter((r) => r.kind === 'training')).toHaveLength(200);
    });
  });
}

test('the site ships every model of the index', () => {
  expect(index.models.map((m) => m.id).length).toBeGreaterThanOrEqual(3);
});
