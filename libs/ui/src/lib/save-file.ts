/**
 * Hands a file the page made to the browser's download in the same click (no second link to press):
 * a temporary link to the blob, clicked, then released.
 */
export function saveFile(content: Blob | Uint8Array | string, name: string, type = 'application/octet-stream'): void {
  const blob = content instanceof Blob ? content : new Blob([content as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name, rel: 'noopener' });
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has read the blob by the next turn; a minute leaves room for a slow disk.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
