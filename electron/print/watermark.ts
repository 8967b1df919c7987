import { readFileSync } from 'node:fs';
import { cjkFontPath } from './fonts';
import { loadPrintLibs, pdfKit } from './print-libs';

/**
 * Disclosed copies carry who took them and when (查阅须经授权, domain.md): exported PDFs get a
 * diagonal stamp on every page; exported images are wrapped in a one-page PDF with the stamp.
 * Other types go out unchanged (there is no honest way to stamp a .docx) and say so.
 */
export async function watermarkCopy(data: Buffer, mime: string, text: string): Promise<{ data: Buffer; mime: string; stamped: boolean }> {
  if (mime === 'application/pdf') return { data: await stampPdf(data, text), mime, stamped: true };
  if (mime === 'image/jpeg' || mime === 'image/png') return { data: await imageToStampedPdf(data, text), mime: 'application/pdf', stamped: true };
  return { data, mime, stamped: false };
}

async function stampPdf(data: Buffer, text: string): Promise<Buffer> {
  // pdf-lib and its fontkit (≈0.5 s to load) only when a disclosed copy is stamped.
  const [{ degrees, PDFDocument: PdfLibDocument, rgb }, { default: fontkit }] = await Promise.all([import('@cantoo/pdf-lib'), import('@cantoo/fontkit')]);
  const doc = await PdfLibDocument.load(data, { ignoreEncryption: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(cjkFontPath()), { subset: true });
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = Math.max(10, Math.min(width, height) / 28);
    for (let y = height * 0.15; y < height; y += height / 3) {
      page.drawText(text, { x: width * 0.1, y, size, font, color: rgb(0.75, 0.1, 0.1), opacity: 0.28, rotate: degrees(28) });
    }
    page.drawText(text, { x: 12, y: 8, size: 7, font, color: rgb(0.4, 0.4, 0.4) });
  }
  return Buffer.from(await doc.save());
}

async function imageToStampedPdf(image: Buffer, text: string): Promise<Buffer> {
  await loadPrintLibs();
  const PDFDocument = pdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 28 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', cjkFontPath());
    doc.image(image, 28, 28, { fit: [doc.page.width - 56, doc.page.height - 70], align: 'center', valign: 'center' });
    doc
      .save()
      .rotate(-28, { origin: [doc.page.width / 2, doc.page.height / 2] })
      .font('cjk')
      .fontSize(22)
      .fillColor('#b31b1b', 0.28);
    for (let y = 150; y < doc.page.height; y += 260) doc.text(text, 40, y, { width: doc.page.width - 80, align: 'center' });
    doc
      .restore()
      .font('cjk')
      .fontSize(7)
      .fillColor('#666666', 1)
      .text(text, 28, doc.page.height - 24, { lineBreak: false });
    doc.end();
  });
}
