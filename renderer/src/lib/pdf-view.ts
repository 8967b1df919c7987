/**
 * PDF pages drawn by pdf.js in the renderer, for the in-app viewers (attachments, approval scans).
 * Loaded lazily (`import('./pdf-view')`): pdf.js and its worker are their own chunks, bundled and
 * served by the app itself (CSP script-src 'self'; never a CDN), so no external program such as
 * poppler is needed at view time and the viewer works the same on Windows, macOS and Linux.
 *
 * No CSP change: script-src 'self' covers the worker, connect-src 'self' the data files below.
 *
 * Settings that matter for a records office: no eval (isEvalSupported false), no XFA forms, no
 * scripting, no annotation layer (links and files attached inside the PDF stay unclickable). Only
 * the app's own files are fetched (electron.vite.config.ts emits them under pdfjs/): CMaps for CJK
 * text whose font is not embedded, standard-14 font substitutes, and the JavaScript JPEG 2000
 * decoder. No WebAssembly (the CSP has no 'wasm-unsafe-eval'): JBIG2 and JPEG 2000 scans use
 * pdf.js's JavaScript decoders, and ICC colour profiles fall back to plain RGB/CMYK conversion.
 *
 * Trade-off: the renderer holds the decrypted PDF while the viewer is open. The desktop app ships
 * without devtools; a browser client of the office server could keep the bytes from its devtools.
 */
import { AnnotationMode, getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';

/** 1.5 × 72 dpi ≈ 108 dpi: an A4 page is about 890×1260 px, as the old server-rendered pages (110 dpi). */
const SCALE = 1.5;

export type PdfFault = 'encrypted' | 'unreadable';

/** Why a PDF did not open: 'encrypted' (needs a password to open) or 'unreadable' (damaged, not a PDF). */
export class PdfOpenError extends Error {
  constructor(readonly fault: PdfFault) {
    super(fault);
  }
}

export interface OpenPdf {
  pageCount: number;
  /** Page 1's size at the viewer's scale, for placeholders until a page is drawn. */
  firstSize: { width: number; height: number };
  /** Draws page `n` (1-based) on a canvas that is not in the document (the caller stamps and shows it). */
  render(n: number): Promise<HTMLCanvasElement>;
  close(): void;
}

let worker: Worker | null = null;

/** One worker for the window's life, started on the first PDF opened. */
function ensureWorker(): void {
  if (worker) return;
  worker = new PdfWorker();
  GlobalWorkerOptions.workerPort = worker;
}

/** Opens the bytes; rejects with a PdfFault (an encrypted file, or one pdf.js cannot read). */
export async function openPdf(bytes: Uint8Array): Promise<OpenPdf> {
  ensureWorker();
  const task = getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    useWasm: false,
    cMapUrl: asset('cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: asset('standard_fonts/'),
    wasmUrl: asset('wasm/'),
  });
  // No onPassword: a file that needs a password to open rejects with PasswordException (no prompt).
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    throw new PdfOpenError(faultOf(e));
  }
  const first = (await doc.getPage(1)).getViewport({ scale: SCALE });
  return {
    pageCount: doc.numPages,
    firstSize: { width: Math.ceil(first.width), height: Math.ceil(first.height) },
    async render(n) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: SCALE });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      try {
        // Annotation appearances (filled form fields, stamps, signatures) are drawn into the picture;
        // there is no annotation layer, so nothing in the page is clickable (links, attached files).
        await page.render({ canvas, viewport, background: '#ffffff', annotationMode: AnnotationMode.ENABLE }).promise;
      } finally {
        page.cleanup();
      }
      return canvas;
    },
    close() {
      void task.destroy().catch(() => undefined);
    },
  };
}

/** The app's copy of a pdf.js data folder, from the page's own origin (app:// or the web host). */
const asset = (dir: string) => new URL(`pdfjs/${dir}`, document.baseURI).href;

function faultOf(e: unknown): PdfFault {
  const name = (e as { name?: string } | null)?.name ?? '';
  return name === 'PasswordException' ? 'encrypted' : 'unreadable';
}

/** base64 from the view channel → bytes (a plain loop: fetch of a data: URL is outside the CSP). */
export function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
