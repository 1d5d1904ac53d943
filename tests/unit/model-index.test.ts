import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchModelIndex } from '../../src/app/model-index';
import { ErrorCode, FormcastError } from '../../src/errors';

function serve(body: unknown): void {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body)));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const entry = { id: 'house', title: 'House price', path: 'house/', version: '1.0.0' };

describe('fetchModelIndex', () => {
  it('reads entries with their optional task and description', async () => {
    const models = [
      entry,
      { ...entry, id: 'hr', task: 'binary', description: 'Probability of leaving.' },
    ];
    serve({ models });
    expect(await fetchModelIndex('https://example.org/models/index.json')).toEqual(models);
  });

  it.each([
    ['an unknown task', { ...entry, task: 'ranking' }],
    ['a description that is not text', { ...entry, description: 3 }],
    ['an entry without a path', { id: 'x', title: 'X', version: '1' }],
  ])('refuses %s as MANIFEST_INVALID', async (_, bad) => {
    serve({ models: [entry, bad] });
    const error = await fetchModelIndex('https://example.org/models/index.json').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormcastError);
    expect((error as FormcastError).code).toBe(ErrorCode.ManifestInvalid);
  });
});
