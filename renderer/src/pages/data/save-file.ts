import { base64ToBlob } from '../../lib/register-data';

/**
 * base64 from the Node side → a download through a blob: anchor. The renderer has no file access;
 * Electron and the browser both turn the anchor click into their own save flow.
 */
export function saveBase64(base64: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(base64ToBlob(base64, mime));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // Revoked later, not at once: the save flow reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
