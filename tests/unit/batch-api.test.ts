import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchProgress } from '../../src/batch/batch-types';
import { createBatchScorer } from '../../src/client/create-batch-scorer';
import { createPredictor } from '../../src/client/create-predictor';
import type { WorkerLike } from '../../src/client/worker-bridge';
import { ErrorCode, FormcastError } from '../../src/errors';
import { createPredictorCore } from '../../src/worker/predictor-core';
import { serveWorker } from '../../src/worker/serve-worker';
import { fileOf, loadDrugModel, readManifest } from '../fixtures/models';

// Only the downloads are replaced: the model is the real one, run by onnxruntime-web.
vi.mock('../../src/client/load-manifest', () => ({
  loadManifest: async () => readManifest('drug'),
}));
vi.mock('../../src/runtime/model-loader', () => ({
  async loadModel() {
    const { manifest, session } = await loadDrugModel();
    return { manifest, session };
  },
}));

const MODEL = 'https://example.org/models/drug/';

/** A worker stand-in serving the real predictor core as the worker entry does. */
class CoreWorker implements WorkerLike {
  terminated = false;
  private readonly channel = new MessageChannel();

  constructor() {
    serveWorker(createPredictorCore(), this.channel.port2);
    this.channel.port1.start();
  }

  postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    if (Array.isArray(transfer)) this.channel.port1.postMessage(message, transfer);
    else this.channel.port1.postMessage(message, transfer);
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (listener && type === 'message') this.channel.port1.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (listener && type === 'message') this.channel.port1.removeEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
}

const workers: CoreWorker[] = [];
function newWorker(): CoreWorker {
  const worker = new CoreWorker();
  workers.push(worker);
  return worker;
}

afterEach(() => {
  for (const worker of workers.splice(0)) worker.terminate();
});

const ROWS = [
  { Age: 47, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
  { Age: 'abc', Sex: 'F', BP: 'VERY HIGH', Cholesterol: 'HIGH', Na_to_K: 14 },
  { Age: '60', Sex: 'f', BP: 'low', Cholesterol: 'HIGH', Na_to_K: '20' },
  { Age: 23, Sex: 'F', BP: 'HIGH', Cholesterol: 'HIGH' },
];

describe('predict, by the lean protocol outside Comlink', () => {
  it('pairs each answer with its call, however many are in flight', async () => {
    const predictor = createPredictor(MODEL, { createWorker: newWorker });
    const answers = await Promise.all(
      [ROWS[0]!, ROWS[2]!, ROWS[0]!].map((r) => predictor.predict(r)),
    );
    expect(answers.map((a) => ('label' in a ? a.label : a))).toEqual(['drugA', 'DrugY', 'drugA']);
    expect(answers[1]).toMatchObject({
      task: 'classification',
      inputs: { Age: 60, Sex: 'F', BP: 'LOW', Cholesterol: 'HIGH', Na_to_K: 20 },
      modelId: 'drug',
    });
    predictor.dispose();
  });

  it('rejects an invalid row with the typed error and its issues', async () => {
    const predictor = createPredictor(MODEL, { createWorker: newWorker });
    const error = await predictor.predict(ROWS[1]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormcastError);
    expect(error).toMatchObject({
      code: ErrorCode.InputInvalid,
      message: 'Age: "abc" is not a number; BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
      details: { issues: [{ field: 'Age', code: 'not-a-number' }, { field: 'BP' }] },
    });
    predictor.dispose();
  });
});

describe('predictBatch', () => {
  it('answers every row in input order, invalid rows with their problems', async () => {
    const predictor = createPredictor(MODEL, { createWorker: newWorker });
    const answers = await predictor.predictBatch(ROWS);
    expect(answers).toHaveLength(4);
    for (const i of [0, 2]) {
      const single = await predictor.predict(ROWS[i]!);
      if (single.task === 'regression') throw new Error('the drug model is a classifier');
      expect(answers[i], `row ${i}`).toEqual({
        label: single.label,
        probabilities: single.probabilities,
      });
    }
    expect(answers[0]).toMatchObject({ label: 'drugA' });
    expect(answers[2]).toMatchObject({ label: 'DrugY' });
    expect(answers[1]).toEqual({
      error: 'Age: "abc" is not a number; BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
      issues: [
        { field: 'Age', code: 'not-a-number', message: 'Age: "abc" is not a number' },
        {
          field: 'BP',
          code: 'unknown-category',
          message: 'BP: "VERY HIGH" is not one of HIGH, LOW, NORMAL',
        },
      ],
    });
    expect(answers[3]).toMatchObject({ error: 'Na_to_K: missing' });
    predictor.dispose();
  });

  it('reports unknown columns as the form does, per row', async () => {
    const predictor = createPredictor(MODEL, { createWorker: newWorker });
    const [answer] = await predictor.predictBatch([{ ...ROWS[0], Agee: 3 }]);
    expect(answer).toMatchObject({
      error:
        'Unknown input "Agee" (did you mean "Age"?). Expected: Age, Sex, BP, Cholesterol, Na_to_K',
    });
    predictor.dispose();
  });

  it('answers an empty list with an empty list', async () => {
    const core = createPredictorCore();
    await core.load({ modelDirUrl: MODEL, manifest: readManifest('drug') });
    expect(await core.predictBatch([])).toEqual([]);
  });

  it('runs more rows than one model run takes, keeping the order', async () => {
    const core = createPredictorCore();
    await core.load({ modelDirUrl: MODEL, manifest: readManifest('drug') });
    const rows = Array.from({ length: 120_001 }, (_, i) => ({
      Age: 15 + (i % 60),
      Sex: 'F',
      BP: i % 2 ? 'HIGH' : 'LOW',
      Cholesterol: 'HIGH',
      Na_to_K: i % 40,
    }));
    const answers = await core.predictBatch(rows);
    expect(answers).toHaveLength(rows.length);
    for (const i of [0, 49_999, 50_000, 120_000]) {
      const single = await core.predict(rows[i]!);
      if (single.task === 'regression') throw new Error('the drug model is a classifier');
      expect(answers[i], `row ${i}`).toEqual({
        label: single.label,
        probabilities: single.probabilities,
      });
    }
  });
});

describe('createBatchScorer', () => {
  const CSV = `Age,Sex,BP,Cholesterol,Na_to_K\n${'47,F,HIGH,HIGH,14\n'.repeat(2000)}`;

  it('scores a file in a worker of its own, with progress', async () => {
    const scorer = createBatchScorer(MODEL, { createWorker: newWorker });
    const reports: BatchProgress[] = [];
    const result = await scorer.scoreCsv(fileOf(CSV, 'drugs.csv'), {
      onProgress: (p) => reports.push(p),
    });
    expect(result.summary).toMatchObject({ rows: 2000, scored: 2000, failed: 0 });
    expect(result.summary.byClass.drugA).toBe(2000);
    expect(result.output).toBeInstanceOf(Blob);
    expect((await result.output.text()).split('\r\n')).toHaveLength(2002);
    expect(scorer.manifest?.id).toBe('drug');
    // The last report arrives through its own message; wait for it rather than for time.
    await vi.waitFor(() => expect(reports.at(-1)?.rowsDone).toBe(2000));
    expect(workers).toHaveLength(1);
    scorer.dispose();
    expect(workers[0]!.terminated).toBe(true);
  });

  it('passes a file-level problem on as CSV_INVALID', async () => {
    const scorer = createBatchScorer(MODEL, { createWorker: newWorker });
    await expect(scorer.scoreCsv(fileOf('', 'empty.csv'))).rejects.toMatchObject({
      code: ErrorCode.CsvInvalid,
      message: expect.stringContaining('"empty.csv" is empty'),
    });
    scorer.dispose();
  });

  it('cancels by stopping its worker; the next batch starts a fresh one', async () => {
    const scorer = createBatchScorer(MODEL, { createWorker: newWorker });
    await scorer.load();
    const cancel = new AbortController();
    const scoring = scorer.scoreCsv(fileOf(CSV), { signal: cancel.signal });
    cancel.abort();
    await expect(scoring).rejects.toMatchObject({ code: ErrorCode.Aborted });
    expect(workers[0]!.terminated).toBe(true);

    const again = await scorer.scoreCsv(fileOf(CSV));
    expect(again.summary.rows).toBe(2000);
    expect(workers).toHaveLength(2);
    scorer.dispose();
  });
});
