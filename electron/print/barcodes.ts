import { bwip, loadPrintLibs } from './print-libs';
import { noteBox } from './drawn-boxes';
import { MM } from './pdf-buffer';

type BwipOptions = Parameters<ReturnType<typeof bwip>['raw']>[0];

/**
 * Barcodes drawn as vector rectangles from bwip-js's encoder (bwipjs.raw), not as PNG images:
 * the bars land on exact millimetres at any printer resolution, and skipping PNG encode/decode
 * makes a 400-cover batch about 5× faster (see test/bench/print.bench.ts). The symbols are the same
 * BWIPP encodings that bwipjs.toBuffer would rasterise; tests decode the printed pages with zbarimg.
 */

/** Printable ASCII only: what Code 128 can carry so that every scanner reads it back verbatim. */
export const isPrintableAscii = (s: string): boolean => /^[\x20-\x7e]+$/.test(s);

/**
 * bwip-js options for the QR of a text. Non-ASCII text gets an ECI 26 (UTF-8) designator so that
 * readers do not guess Shift-JIS or Latin-1; with parsefnc on, a literal '^' must be written ^094.
 */
export function qrOptions(text: string): { bcid: 'qrcode'; text: string; parsefnc?: boolean; eclevel: string } {
  if (isPrintableAscii(text)) return { bcid: 'qrcode', text, eclevel: 'M' };
  return { bcid: 'qrcode', text: `^ECI000026${text.replace(/\^/g, '^094')}`, parsefnc: true, eclevel: 'M' };
}

interface Matrix {
  pixs: number[];
  pixx: number;
  pixy: number;
}

/** The QR module matrix (row-major, 1 = dark). */
export function qrMatrix(text: string): Matrix {
  const r = bwip().raw(qrOptions(text) as unknown as BwipOptions) as unknown as Matrix[];
  return r[0];
}

/** Code 128 bar/space widths in modules, starting with a bar. */
export function code128Widths(text: string): number[] {
  if (!isPrintableAscii(text)) throw new RangeError(`Code 128 只能承载 ASCII / Code 128 carries ASCII only: ${text}`);
  const r = bwip().raw({ bcid: 'code128', text } as BwipOptions) as unknown as { sbs: number[] }[];
  return r[0].sbs;
}

/**
 * Draws a QR code of `sizeMm` (quiet zone of 4 modules included) with its top-left at xPt,yPt.
 * Dark runs of a row become one rectangle, which keeps the content stream small.
 */
export function drawQr(doc: PDFKit.PDFDocument, text: string, at: { xPt: number; yPt: number; sizeMm: number }): void {
  const { xPt: x, yPt: y, sizeMm } = at;
  if (!(sizeMm >= 8 && sizeMm <= 80)) throw new RangeError(`QR size out of range (8–80 mm; points passed for millimetres?): ${sizeMm}`);
  const m = qrMatrix(text);
  const quiet = 4;
  const mod = (sizeMm * MM) / (m.pixx + 2 * quiet);
  doc.save();
  doc.rect(x, y, sizeMm * MM, sizeMm * MM).fill('#ffffff');
  for (let row = 0; row < m.pixy; row++) {
    let col = 0;
    while (col < m.pixx) {
      if (!m.pixs[row * m.pixx + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.pixx && m.pixs[row * m.pixx + col]) col++;
      doc.rect(x + (quiet + start) * mod, y + (quiet + row) * mod, (col - start) * mod, mod);
    }
  }
  doc.fill('#000000');
  doc.restore();
  noteBox(doc, 'qr', x, y, sizeMm * MM, sizeMm * MM, text);
}

/**
 * Draws a Code 128 symbol with its top-left at xPt,yPt, no wider than maxWidthMm, quiet zones of
 * 10 modules included. Position in points, sizes in millimetres — named so that a caller cannot
 * swap them unseen (a 13 mm bar passed as 13·MM printed 37 mm tall over the 档号 under it); sizes
 * outside what a label can hold are refused. The module is 0.33 mm when it fits, never below
 * 0.19 mm (scanner limit at 150 dpi rendering and cheap laser printers). Returns the width in mm.
 */
export function drawCode128(doc: PDFKit.PDFDocument, text: string, at: { xPt: number; yPt: number; maxWidthMm: number; heightMm: number }): number {
  const { xPt: x, yPt: y, maxWidthMm, heightMm } = at;
  if (!(heightMm >= 5 && heightMm <= 30)) throw new RangeError(`Code 128 height out of range (5–30 mm; points passed for millimetres?): ${heightMm}`);
  if (!(maxWidthMm > 0 && maxWidthMm <= 250)) throw new RangeError(`Code 128 width out of range (≤ 250 mm; points passed for millimetres?): ${maxWidthMm}`);
  const widths = code128Widths(text);
  const modules = widths.reduce((a, b) => a + b, 0) + 20;
  const modMm = Math.min(0.33, maxWidthMm / modules);
  if (modMm < 0.19) throw new RangeError(`档号过长，条形码放不下 / Archive number too long for the barcode: ${text}`);
  const mod = modMm * MM;
  doc.save();
  doc.rect(x, y, modules * mod, heightMm * MM).fill('#ffffff');
  let cx = x + 10 * mod;
  widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(cx, y, w * mod, heightMm * MM);
    cx += w * mod;
  });
  doc.fill('#000000');
  doc.restore();
  noteBox(doc, 'code128', x, y, modules * mod, heightMm * MM, text);
  return modules * modMm;
}

/** PNG of the same QR (for previews in the UI and the bench baseline). */
export async function qrPng(text: string, scale = 4): Promise<Buffer> {
  await loadPrintLibs();
  return bwip().toBuffer({ ...qrOptions(text), scale, padding: 4 * scale, backgroundcolor: 'ffffff' } as BwipOptions);
}

/** PNG of the same Code 128. */
export async function code128PngPadded(text: string, scale = 3): Promise<Buffer> {
  await loadPrintLibs();
  return bwip().toBuffer({ bcid: 'code128', text, scale, height: 12, paddingwidth: 10 * scale, paddingheight: 2, backgroundcolor: 'ffffff' });
}
