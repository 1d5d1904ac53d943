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

  it.each([
    ['null', null, 'it holds null'],
    ['a list', [entry], 'it holds a list'],
    ['a number', 3, 'it holds a number'],
    ['an object without models', {}, 'it has no "models"'],
    ['models that is not a list', { models: null }, '"models" is not a list'],
    ['an empty list', { models: [] }, '"models" is empty'],
  ])(
    'refuses an index that is %s with a coded error saying what it holds',
    async (_, body, what) => {
      serve(body);
      const error = await fetchModelIndex('https://example.org/models/index.json').catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FormcastError);
      expect((error as FormcastError).code).toBe(ErrorCode.ManifestInvalid);
      expect((error as FormcastError).message).toBe(
        `The list of models at https://example.org/models/index.json is malformed (${what}): it must hold {"models": [{"id", "title", "path", "version", "task"?, "description"?}, ...]}.`,
      );
    },
  );
});
