import type { ByteProgress } from './load-progress';

/**
 * Fetches `url` fully into memory, reporting bytes as they arrive.
 * Rejects with the HTTP status in the message for non-2xx answers; the caller decides the code.
 */
export async function fetchWithProgress(
  url: string,
  onProgress: (progress: ByteProgress) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  // Content-Length counts compressed bytes while the stream yields decoded ones: no honest total.
  const encoding = response.headers.get('content-encoding');
  const length = Number(response.headers.get('content-length'));
  const total =
    !encoding || encoding === 'identity'
      ? Number.isFinite(length) && length > 0
        ? length
        : null
      : null;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress({ loaded: bytes.byteLength, total: bytes.byteLength });
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  onProgress({ loaded, total: loaded });
  return bytes;
}
