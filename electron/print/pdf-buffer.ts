import type { UnprintableChars } from '../../shared/domain/print-types';
import { primaryFace } from './font-fallback';
import { trackPages } from './drawn-boxes';
import { loadPrintLibs, pdfKit } from './print-libs';

export const MM = 72 / 25.4; // pdfkit works in points

/** pdfkit writes one "/Type /Page" object per page; counting them avoids parsing the PDF. */
export const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

/**
 * Metadata time of every PDF: fixed, so the same data gives the same bytes (a hash or a reference
 * image can be compared). The page itself carries the time it was printed where that matters.
 */
export const PDF_CREATION_DATE = new Date(0);

/** A pdfkit document with the CJK font registered as 'cjk', collected into one Buffer. */
export async function newPdf(opts: PDFKit.PDFDocumentOptions & { title: string }): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  await loadPrintLibs();
  const PDFDocument = pdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 20 * MM,
    ...opts,
    info: { Title: opts.title, Creator: 'Archive Room 档案室', CreationDate: PDF_CREATION_DATE },
  });
  trackPages(doc);
  // The font file is read once per process; pdfkit parses the buffer for each document.
  doc.registerFont('cjk', primaryFace().data);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** A PDF and the characters it had to print as 〓 (empty when every character printed). */
export interface PrintedPdf {
  pdf: Buffer;
  unprintable: UnprintableChars[];
}
