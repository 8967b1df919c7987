import type { PrintOptions, RecordLabelData } from '../../shared/domain/print-types';
import { drawQr } from './barcodes';
import { noteBox } from './drawn-boxes';
import { unprintableIn } from './glyph-check';
import { beginCalibrated, endCalibrated, paperMm, paperPoints } from './paper';
import { MM, newPdf, type PrintedPdf } from './pdf-buffer';
import { printText } from './print-text';

/**
 * Label grid in mm. 2 × 8 labels of 95 × 34 mm with 10 mm side and 12.5 mm top margins is the
 * common A4 sheet of self-adhesive labels; other papers get as many as fit in the same pitch.
 */
export const LABEL = { w: 95, h: 34, left: 10, top: 12.5, qr: 26 } as const;

export function labelsPerPage(opts: PrintOptions): { cols: number; rows: number } {
  const { w, h } = paperMm(opts.paper);
  return { cols: Math.max(1, Math.floor((w - 2 * LABEL.left) / LABEL.w)), rows: Math.max(1, Math.floor((h - 2 * LABEL.top) / LABEL.h)) };
}

/** Record labels for files and folders: QR (carries Chinese 档号 via ECI), 档号, 题名, year, retention, box. */
export async function recordLabelsPdf(labels: RecordLabelData[], opts: PrintOptions): Promise<PrintedPdf> {
  if (!labels.length) throw new RangeError('没有要打印的标签 Nothing to print');
  const { cols, rows } = labelsPerPage(opts);
  const per = cols * rows;
  const { doc, done } = newPdf({ title: `标签 Labels ×${labels.length}`, size: paperPoints(opts.paper), margin: 0 });
  beginCalibrated(doc, opts);
  labels.forEach((l, i) => {
    if (i > 0 && i % per === 0) {
      endCalibrated(doc);
      doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
      beginCalibrated(doc, opts);
    }
    const k = i % per;
    const x = (LABEL.left + (k % cols) * LABEL.w) * MM;
    const y = (LABEL.top + Math.floor(k / cols) * LABEL.h) * MM;
    // Light frame = the die-cut; on plain paper it is the cutting line.
    doc
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .rect(x, y, LABEL.w * MM, LABEL.h * MM)
      .stroke();
    noteBox(doc, 'frame', x, y, LABEL.w * MM, LABEL.h * MM);
    drawQr(doc, l.archiveNo, { xPt: x + 2 * MM, yPt: y + 4 * MM, sizeMm: LABEL.qr });
    const tx = x + (LABEL.qr + 4) * MM;
    const tw = (LABEL.w - LABEL.qr - 6) * MM;
    printText(doc.fillColor('#000000').fontSize(11), l.archiveNo, tx, y + 3 * MM, { width: tw, height: 6 * MM, ellipsis: true, lineBreak: false });
    printText(doc.fontSize(9), l.title, tx, y + 10 * MM, { width: tw, height: 12 * MM, ellipsis: true });
    printText(doc.fontSize(8).fillColor('#333333'), `${l.year} · ${l.retention}${l.boxNo ? ` · 盒 ${l.boxNo}` : ''}`, tx, y + 26 * MM, {
      width: tw,
      height: 5 * MM,
      ellipsis: true,
      lineBreak: false,
    });
  });
  endCalibrated(doc);
  doc.end();
  const unprintable = labels.map((l) => unprintableIn(l.archiveNo, [l.archiveNo, l.title, l.retention, l.boxNo])).filter((u) => u !== null);
  return { pdf: await done, unprintable };
}
