// A small static file server for dist/, as a plain host would serve it: correct MIME types
// (application/wasm), long caching for hashed assets, revalidation for the rest, an optional
// sub-path and optional extra headers (CSP). Used by the browser tests and the benchmarks;
// `node scripts/static-server.mjs [dir] [port] [/sub/path/]` serves by hand.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * Starts a server; resolves once it listens. `setRoot` swaps the served directory (a deploy).
 * `brotli` maps a file's absolute path to its brotli-compressed bytes, sent to browsers that
 * accept br (the benchmark's throttled scenario: what a host serving brotli sends).
 * @param {{ root: string, base?: string, port?: number, headers?: Record<string, string>, brotli?: Map<string, Buffer> }} options
 */
export function startStaticServer({ root, base = '/', port = 0, headers = {}, brotli }) {
  let current = resolve(root);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not under the served path');
      return;
    }
    path = path.slice(base.length);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = normalize(join(current, path));
    if (!file.startsWith(current + sep)) {
      response.writeHead(403).end();
      return;
    }
    let size;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain', ...headers }).end('Not found');
      return;
    }
    const hashed = path.startsWith('assets/');
    const compressed = brotli?.get(file);
    if (compressed && /\bbr\b/.test(String(request.headers['accept-encoding']))) {
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': compressed.length,
        'content-encoding': 'br',
        vary: 'accept-encoding',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : compressed);
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...headers,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolveStart) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolveStart({
        url: `http://127.0.0.1:${actual}${base}`,
        setRoot: (dir) => {
          current = resolve(dir);
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '8080', base = '/'] = process.argv.slice(2);
  const { url } = await startStaticServer({ root: dir, port: Number(port), base });
  console.log(`Serving ${dir} at ${url}`);
}
