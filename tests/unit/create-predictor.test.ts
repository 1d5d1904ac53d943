import { describe, expect, it } from 'vitest';
import { resolveModelDir } from '../../src/client/create-predictor';
import { ErrorCode, FormcastError } from '../../src/errors';

const page = 'https://example.org/app/index.html';

describe('resolveModelDir', () => {
  it('resolves a relative directory against the base and adds a trailing slash', () => {
    expect(resolveModelDir('models/drug', page)).toBe('https://example.org/app/models/drug/');
  });

  it('keeps an existing trailing slash rather than doubling it', () => {
    expect(resolveModelDir('models/drug/', page)).toBe('https://example.org/app/models/drug/');
  });

  it('resolves root-relative and parent-relative paths', () => {
    expect(resolveModelDir('/models/drug', page)).toBe('https://example.org/models/drug/');
    expect(resolveModelDir('../models/drug', page)).toBe('https://example.org/models/drug/');
  });

  it('keeps an absolute URL without a query as it is, apart from the slash', () => {
    expect(resolveModelDir('https://cdn.example.com/m/drug/', page)).toBe(
      'https://cdn.example.com/m/drug/',
    );
    expect(resolveModelDir('https://cdn.example.com/m/drug', page)).toBe(
      'https://cdn.example.com/m/drug/',
    );
  });

  it('ignores the base for an absolute URL, including with no base at all', () => {
    expect(resolveModelDir('https://cdn.example.com/m/drug', '')).toBe(
      'https://cdn.example.com/m/drug/',
    );
  });

  it('accepts a URL object', () => {
    expect(resolveModelDir(new URL('https://cdn.example.com/m/drug'), page)).toBe(
      'https://cdn.example.com/m/drug/',
    );
  });

  it.each([
    ['a relative path with no base to resolve it against', 'models/drug', ''],
    ['an unparseable absolute URL', 'http://[not-an-address/', page],
    ['an unparseable base', 'models/drug', 'not a url'],
  ])('rejects %s with MANIFEST_FETCH_FAILED', (_, src, base) => {
    let thrown: unknown;
    try {
      resolveModelDir(src, base);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FormcastError);
    expect((thrown as FormcastError).code).toBe(ErrorCode.ManifestFetchFailed);
    expect((thrown as FormcastError).message).toContain(`"${src}"`);
  });
});
