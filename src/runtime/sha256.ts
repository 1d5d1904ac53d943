/**
 * Hex SHA-256 of `bytes`. WebCrypto where the page is a secure context; plain-HTTP intranet hosts
 * have no `crypto.subtle`, and there the audited @noble/hashes keeps the integrity check. It is a
 * chunk of its own (SHA-256 alone, 2.6 KB gzip), loaded only where WebCrypto is missing.
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  let digest: Uint8Array;
  if (subtle) digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  else {
    const { sha256 } = await import('@noble/hashes/sha2.js');
    digest = sha256(bytes);
  }
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
