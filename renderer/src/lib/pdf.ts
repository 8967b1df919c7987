/** base64 PDF from the Node side → blob: URL for the in-app viewer (nothing written to disk). */
export function pdfBlobUrl(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}
