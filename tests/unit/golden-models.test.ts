// Every committed model, both files, against its golden vectors with onnxruntime-web in Node: the
// quick version of tests/e2e/golden.spec.ts (which is the proof, in Chromium), here to pin the
// worker's code paths (validation → feeds → run → reading outputs) for each task kind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictRows } from '../../src/runtime/predict-rows';
import { loadModel, readGolden } from '../fixtures/models';

interface Golden {
  readonly task?: string;
  readonly tolerance: number;
  readonly classes?: string[];
  readonly rows: {
    readonly inputs: Record<string, number | string | null>;
    readonly label?: string;
    readonly probabilities?: number[];
    readonly value?: number;
  }[];
}

const index = JSON.parse(
  readFileSync(new URL('../../public/models/index.json', import.meta.url), 'utf8'),
) as { models: { id: string }[] };

describe.each(index.models.map((m) => m.id))('%s', (id) => {
  const golden = readGolden<Golden>(id);

  it.each(['browser', 'full'] as const)(
    'gives every golden row its answer (%s file)',
    async (variant) => {
      const model = await loadModel(id, variant);
      const answers = await predictRows(
        model.manifest,
        golden.rows.map((r) => r.inputs),
        model.run,
      );
      const wrong: string[] = [];
      answers.forEach((answer, i) => {
        const row = golden.rows[i]!;
        if ('error' in answer) wrong.push(`row ${i}: ${answer.error}`);
        else if ('value' in answer) {
          const delta = Math.abs(answer.value - row.value!) / Math.max(1, Math.abs(row.value!));
          if (!(delta <= golden.tolerance)) wrong.push(`row ${i}: ${answer.value} vs ${row.value}`);
        } else {
          if (answer.label !== row.label) wrong.push(`row ${i}: ${answer.label} vs ${row.label}`);
          golden.classes!.forEach((c, k) => {
            const delta = Math.abs(answer.probabilities[c]! - row.probabilities![k]!);
            if (!(delta <= golden.tolerance)) wrong.push(`row ${i}: P(${c}) off by ${delta}`);
          });
        }
      });
      expect(wrong).toEqual([]);
      expect(answers).toHaveLength(golden.rows.length);
    },
  );
});
