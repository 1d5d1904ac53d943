import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import type { Predictor } from '../../src/client/create-predictor';
import { WhatIfController } from '../../src/components/formcast-explain/what-if-controller';
import type { ModelValues } from '../../src/inputs/validate-inputs';
import type { InputColumns } from '../../src/runtime/feeds';
import type { RunOutput } from '../../src/runtime/run-rows';
import type { Prediction } from '../../src/runtime/answers';
import { realManifest } from './helpers';

const manifest = realManifest();

/** The rows of a column layout as objects, so the test reads what was asked. */
function rowsOf(columns: InputColumns): ModelValues[] {
  return Array.from({ length: columns.length }, (_, i) =>
    Object.fromEntries(
      manifest.inputs.map((spec, j) => {
        const v = columns.values[j]![i]!;
        if (spec.type === 'number') return [spec.name, Number.isNaN(v) ? null : v];
        return [spec.name, v < 0 ? null : spec.categories[v]!];
      }),
    ),
  );
}

/** A predictor whose batches the test answers by hand, to control what is in flight when. */
class HeldPredictor {
  readonly calls: { rows: readonly ModelValues[]; answer: (label?: string) => void }[] = [];

  predictColumns(columns: InputColumns): Promise<RunOutput> {
    const { classes } = manifest.outputs;
    return new Promise((resolve, reject) => {
      this.calls.push({
        rows: rowsOf(columns),
        answer: (label = 'drugA') => {
          if (label === 'fail') {
            reject(Object.assign(new Error('worker died'), { code: 'WORKER_CRASHED' }));
            return;
          }
          const scores = new Float32Array(columns.length * classes.length);
          for (let i = 0; i < columns.length; i++)
            scores[i * classes.length + classes.indexOf(label)] = 1;
          resolve({
            labels: Array.from({ length: columns.length }, () => label),
            scores,
            width: classes.length,
          });
        },
      });
    });
  }
}

class Host implements ReactiveControllerHost {
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(_: ReactiveController): void {}
  removeController(_: ReactiveController): void {}
  requestUpdate(): void {
    this.updates++;
  }
}

function prediction(age: number): Prediction {
  const inputs = { Age: age, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 };
  return {
    task: 'classification',
    label: 'drugA',
    probabilities: { DrugY: 0, drugA: 1, drugB: 0, drugC: 0, drugX: 0 },
    ranked: [],
    inputs,
    warnings: [],
    modelId: 'drug',
    modelVersion: '1.0.0',
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const host = new Host();
  const controller = new WhatIfController(host);
  const held = new HeldPredictor();
  const predictor = held as unknown as Predictor;
  const ask = (age: number | undefined) =>
    controller.request(
      age === undefined ? undefined : { predictor, manifest, prediction: prediction(age) },
    );
  return { host, controller, held, ask };
}

describe('the what-if controller', () => {
  it('sends one batch for requests made in the same task', async () => {
    const { controller, held, ask } = setup();
    ask(20);
    ask(21);
    ask(22);
    await settle();
    expect(held.calls).toHaveLength(1);
    expect(held.calls[0]!.rows[0]).toMatchObject({ Age: 15, Na_to_K: 14 });
    held.calls[0]!.answer();
    await settle();
    expect(controller.result?.values.Age).toBe(22);
    expect(controller.pending).toBe(false);
    expect(controller.revision).toBe(1);
  });

  it('computes only the newest values after a batch in flight returns (latest wins)', async () => {
    const { controller, held, ask } = setup();
    ask(20);
    await settle();
    ask(21);
    ask(22);
    ask(23);
    await settle();
    expect(held.calls).toHaveLength(1); // one batch in the worker at a time
    held.calls[0]!.answer();
    await settle();
    expect(held.calls).toHaveLength(2);
    expect(controller.result).toBeUndefined(); // 20's answer is stale: not shown
    expect(controller.pending).toBe(true);
    // The second batch holds Age at 23, the newest value, wherever it is not the swept input.
    const held23 = held.calls[1]!.rows.filter((row) => row.Na_to_K !== 14);
    expect(held23.length).toBeGreaterThan(100);
    expect(held23.every((row) => row.Age === 23)).toBe(true);
    held.calls[1]!.answer('drugB');
    await settle();
    expect(held.calls).toHaveLength(2);
    expect(controller.result?.values.Age).toBe(23);
    expect(controller.result?.numbers[1]!.points[0]).toMatchObject({ label: 'drugB' });
  });

  it('clears the views when the form becomes invalid, dropping a batch in flight', async () => {
    const { controller, held, ask } = setup();
    ask(20);
    await settle();
    ask(undefined);
    held.calls[0]!.answer();
    await settle();
    expect(controller.result).toBeUndefined();
    expect(controller.pending).toBe(false);
  });

  it('reports a failed batch with its code and computes again on retry', async () => {
    const { controller, held, ask } = setup();
    ask(30);
    await settle();
    held.calls[0]!.answer('fail');
    await settle();
    expect(controller.error?.code).toBe('WORKER_CRASHED');
    controller.retry();
    await settle();
    held.calls[1]!.answer();
    await settle();
    expect(controller.error).toBeUndefined();
    expect(controller.result?.values.Age).toBe(30);
  });
});
