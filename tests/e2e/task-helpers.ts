// Helpers for the batch, history and explain tests of every model of the index: open a model by
// id, ask the page's own widget for predictions, and build test rows from a model's golden file
// (which covers its inputs, empty optional ones included) rather than from hand-picked values.
import { expect, type Locator, type Page } from '@playwright/test';
import { predictionCells } from '../../src/csv/write-csv';
import type { ModelManifest } from '../../src/manifest/manifest-types';
import type { Prediction } from '../../src/runtime/answers';
import { readJson } from './helpers';

export type Row = Record<string, number | string | null>;

interface IndexEntry {
  readonly id: string;
  readonly path: string;
}

/** The models the site ships, as public/models/index.json lists them. */
export function indexedModels(): readonly IndexEntry[] {
  return readJson<{ models: IndexEntry[] }>('public/models/index.json').models;
}

/** Whether the index lists model `id` (its tests are skipped until it is committed). */
export function hasModel(id: string): boolean {
  return indexedModels().some((m) => m.id === id);
}

/** The committed manifest of model `id`. */
export function manifestOf(id: string): ModelManifest {
  const entry = indexedModels().find((m) => m.id === id)!;
  return readJson<ModelManifest>(`public/models/${entry.path}manifest.json`);
}

/** The input rows of model `id`'s golden file (null: an optional input left empty). */
export function goldenInputs(id: string): Row[] {
  const entry = indexedModels().find((m) => m.id === id)!;
  return readJson<{ rows: { inputs: Row }[] }>(`public/models/${entry.path}golden.json`).rows.map(
    (r) => r.inputs,
  );
}

/** The widget's shown outcome: the class label (class models) or the value (regression). */
export function shownOutcome(page: Page): Locator {
  return page.locator('formcast-result').locator('[part="label"], [part="value"]').first();
}

/** Opens the site on model `id` (with link parameters, if any) and waits for a prediction. */
export async function openModel(page: Page, id: string, query = ''): Promise<void> {
  await page.goto(`./?model=${id}${query ? `&${query}` : ''}`);
  await expect(shownOutcome(page)).toBeVisible();
}

/** What the page's own widget predicts for each row (its predict(), one call per row). */
export function widgetPredictions(page: Page, rows: readonly Row[]): Promise<Prediction[]> {
  return page.evaluate(async (rows) => {
    const widget = document
      .querySelector('formcast-app')!
      .shadowRoot!.querySelector('formcast-predictor')!;
    const answers: Prediction[] = [];
    for (const row of rows) answers.push(await widget.predict(row));
    return answers;
  }, rows);
}

/** A prediction as the CSV cells every Formcast output ends with. */
export function cellsOf(manifest: ModelManifest, p: Prediction): string[] {
  if (p.task === 'regression') return predictionCells(manifest, { value: p.value });
  const classes = 'classes' in manifest.outputs ? manifest.outputs.classes : [];
  return predictionCells(manifest, {
    label: p.label,
    probabilities: classes.map((c) => p.probabilities[c]!),
  });
}

/** A CSV cell for a value: empty for null. */
export function cellOf(value: number | string | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The first optional number input of a manifest, if it has one. */
export function optionalNumberInput(manifest: ModelManifest): string | undefined {
  return manifest.inputs.find((s) => s.optional && s.type === 'number')?.name;
}
