import { expect, test } from '@playwright/test';
import { type Golden, readJson, readRepoFile, waitForPrediction } from './helpers';

const golden = readJson<Golden>('public/models/drug/golden.json');

const manifestText = readRepoFile('public/models/drug/manifest.json').toString('utf8');

// The browser runs the numeric variant when the manifest lists one, model.onnx otherwise: both
// are checked against scikit-learn, and each test asserts which file the worker really loaded.
for (const variant of [
  {
    name: 'the numeric variant (model.numeric.onnx, the default)',
    file: 'model.numeric.onnx',
    strip: false,
  },
  { name: 'the string-input model (model.onnx)', file: 'model.onnx', strip: true },
]) {
  test(`every golden row gives scikit-learn’s label and probabilities in the real worker: ${variant.name}`, async ({
    page,
  }) => {
    const models: string[] = [];
    page.on('request', (r) => r.url().endsWith('.onnx') && models.push(r.url().split('/').pop()!));
    if (variant.strip) {
      await page.route('**/models/drug/manifest.json', (route) => {
        const manifest = JSON.parse(manifestText);
        delete manifest.model.numeric;
        return route.fulfill({ contentType: 'application/json', body: JSON.stringify(manifest) });
      });
    }
    await page.goto('./');
    await waitForPrediction(page);

    const results = await page.evaluate(async (rows) => {
      const widget = document
        .querySelector('formcast-app')!
        .shadowRoot!.querySelector('formcast-predictor')!;
      const out: { label?: string; probabilities?: Record<string, number>; error?: string }[] = [];
      for (const row of rows) {
        try {
          const p = await widget.predict(row.inputs);
          out.push({ label: p.label, probabilities: { ...p.probabilities } });
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
        failingRows.add(i);
        return;
      }
      if (got.label !== row.label)
        mismatches.push(`${where}: label ${got.label}, expected ${row.label}`);
      golden.classes.forEach((cls, k) => {
        const delta = Math.abs((got.probabilities?.[cls] ?? Number.NaN) - row.probabilities[k]!);
        maxDelta = Math.max(maxDelta, Number.isNaN(delta) ? Number.POSITIVE_INFINITY : delta);
        if (!(delta <= golden.tolerance)) mismatches.push(`${where}: P(${cls}) off by ${delta}`);
      });
      if (mismatches.length > before) failingRows.add(i);
    });
    const perKind = new Map<string, number>();
    for (const row of golden.rows) perKind.set(row.kind, (perKind.get(row.kind) ?? 0) + 1);
    const kinds = [...perKind].map(([kind, n]) => `${kind} ${n}`);
    const matching = golden.rows.length - failingRows.size;
    const summary = `${matching}/${golden.rows.length} rows match (${kinds.join(', ')}); max |Δp| ${maxDelta}`;
    console.log(`parity: ${summary}`);
    test.info().annotations.push({ type: 'parity', description: summary });
    expect(mismatches).toEqual([]);
    expect(models).toEqual([variant.file]);
  });
}

test('the golden file covers training rows, tree thresholds and out-of-range values', () => {
  const kinds = new Set(golden.rows.map((r) => r.kind));
  expect([...kinds].sort()).toEqual(['out-of-range', 'threshold', 'training']);
  expect(golden.rows.filter((r) => r.kind === 'training')).toHaveLength(200);
});
