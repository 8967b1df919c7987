import type { PaperSize, PrintOptions } from '../../shared/domain/print-types';
import { MM } from './pdf-buffer';

/** Paper sizes in millimetres (ISO 216). Custom sizes are for pre-printed cover stock. */
export function paperMm(p: PaperSize): { w: number; h: number } {
  if (p === 'A4') return { w: 210, h: 297 };
  if (p === 'A3') return { w: 297, h: 420 };
  if (!(p.widthMm >= 50 && p.widthMm <= 1000 && p.heightMm >= 50 && p.heightMm <= 1000)) {
    throw new RangeError(`纸张尺寸无效 Invalid paper size: ${p.widthMm} × ${p.heightMm} mm (50–1000 mm)`);
  }
  return { w: p.widthMm, h: p.heightMm };
}

/** pdfkit `size` option in points for a paper. */
export function paperPoints(p: PaperSize): [number, number] {
  const { w, h } = paperMm(p);
  return [w * MM, h * MM];
}

/**
 * Starts drawing a page in calibrated millimetre space: the origin moves by the printer offsets so
 * every mark on pre-printed stock lands where the layout says. Pair with endCalibrated().
 * pdfkit resets the graphics state per page, so this is done once per page.
 */
export function beginCalibrated(doc: PDFKit.PDFDocument, o: Pick<PrintOptions, 'offsetXmm' | 'offsetYmm'>): void {
  if (Math.abs(o.offsetXmm) > 30 || Math.abs(o.offsetYmm) > 30) {
    throw new RangeError(`校准偏移过大 Calibration offset out of range (±30 mm): ${o.offsetXmm}, ${o.offsetYmm}`);
  }
  doc.save();
  doc.translate(o.offsetXmm * MM, o.offsetYmm * MM);
}

export function endCalibrated(doc: PDFKit.PDFDocument): void {
  doc.restore();
}
