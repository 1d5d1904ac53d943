/** How long a download's blob: URL stays valid; the browser reads it right after the click. */
const REVOKE_AFTER_MS = 60_000;

/** Offers `text` as a file download through a blob: URL: nothing leaves the device. */
export function downloadTextFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoking at once can cancel the download in some browsers; a minute later is safe.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
