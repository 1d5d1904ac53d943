import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/runtime/sha256';
import { readRepoBytes, realManifest } from './helpers';

/** Deterministic bytes (mulberry32), so a failure reproduces exactly. */
function seededBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ascii = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

/** sha256Hex as a plain-HTTP page runs it: no crypto.subtle, so the @noble/hashes fallback. */
async function fallbackHex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  vi.stubGlobal('crypto', {});
  try {
    return await sha256Hex(bytes);
  } finally {
    vi.unstubAllGlobals();
  }
}

describe('the SHA-256 fallback (no crypto.subtle)', () => {
  it('gives the FIPS 180-4 digests of "" and "abc"', async () => {
    expect(await fallbackHex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await fallbackHex(ascii('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('gives the FIPS 180-4 digest of the two-block 448-bit message', async () => {
    const message = ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
    expect(await fallbackHex(message)).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  // 55/56 and 63/64/65 straddle the padding boundaries: the length field fits in the last block
  // or forces another one.
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000])(
    'equals node:crypto for %i random bytes',
    async (length) => {
      const bytes = seededBytes(length, 0xf0c457 + length);
      expect(await fallbackHex(bytes)).toBe(nodeSha256(bytes));
    },
  );

  it('hashes only the bytes of a view, not its whole buffer', async () => {
    const whole = seededBytes(200, 7);
    const view = whole.subarray(50, 150);
    expect(await fallbackHex(view)).toBe(nodeSha256(view));
  });

  it('does not modify its input', async () => {
    const bytes = seededBytes(100, 3);
    const copy = bytes.slice();
    await fallbackHex(bytes);
    expect(bytes).toEqual(copy);
  });
});

describe('sha256Hex', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("hashes the committed model.onnx to the manifest's model.sha256", async () => {
    const manifest = realManifest();
    const model = readRepoBytes(`public/models/drug/${manifest.model.file}`);
    expect(model.byteLength).toBe(manifest.model.bytes);
    expect(await sha256Hex(model)).toBe(manifest.model.sha256);
  });

  it('returns 64 lowercase hex digits', async () => {
    expect(await sha256Hex(seededBytes(10, 1))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses WebCrypto where the page has it', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const bytes = seededBytes(500, 5);
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
    expect(digest).toHaveBeenCalledWith('SHA-256', bytes);
    digest.mockRestore();
  });

  it('still hashes correctly where crypto.subtle is missing (plain-HTTP hosts)', async () => {
    vi.stubGlobal('crypto', {});
    expect(globalThis.crypto.subtle).toBeUndefined();
    const bytes = seededBytes(1000, 11);
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
  });
});
