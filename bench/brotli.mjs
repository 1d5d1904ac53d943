// Brotli-compressed copies of dist/'s text and binary assets, as a host serving brotli sends
// them (quality 11), for the throttled start-up scenario. Quality 11 takes ≈ 30 s for the 14 MB
// runtime, which never changes between builds: the bytes are cached by content hash.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { root } from './lib.mjs';

const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.wasm',
  '.onnx',
  '.svg',
]);
const cacheDir = join(root, 'node_modules/.cache/formcast-brotli');

/** Absolute path → brotli bytes, for every compressible file under `dir`. */
export function brotliFiles(dir) {
  mkdirSync(cacheDir, { recursive: true });
  const files = new Map();
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(name));
    if (!COMPRESSIBLE.has(extname(path)) || !statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    const cached = join(cacheDir, `${createHash('sha256').update(bytes).digest('hex')}.br`);
    if (!existsSync(cached)) {
      const params = {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      };
      writeFileSync(cached, brotliCompressSync(bytes, { params }));
    }
    files.set(path, readFileSync(cached));
  }
  return files;
}
