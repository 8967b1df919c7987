/**
 * pdfkit and bwip-js load on the first print, not with the archive: together they cost ≈0.3 s of
 * start-up (more on a busy PC), which every CLI command, web host and app start paid whether or
 * not it printed anything. Every way into printing awaits `loadPrintLibs()` first (newPdf does,
 * react-pdf's loader does); the drawing code then reaches them synchronously.
 */
import type BwipJs from 'bwip-js';
import type PDFDocument from 'pdfkit';

type PdfKit = typeof PDFDocument;
type Bwip = typeof BwipJs;

let libs: { pdfkit: PdfKit; bwip: Bwip } | undefined;
let loading: Promise<void> | undefined;

export function loadPrintLibs(): Promise<void> {
  loading ??= Promise.all([import('pdfkit'), import('bwip-js')]).then(([p, b]) => {
    libs = { pdfkit: p.default, bwip: b.default };
  });
  return loading;
}

function loaded(): NonNullable<typeof libs> {
  // A programming error, not a keeper's: a print path that skipped loadPrintLibs().
  if (!libs) throw new Error('print libraries not loaded: await loadPrintLibs() before drawing');
  return libs;
}

export const pdfKit = (): PdfKit => loaded().pdfkit;
export const bwip = (): Bwip => loaded().bwip;
