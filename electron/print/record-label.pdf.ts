import { LABEL_SHEET_PAPER, LABEL_SHEETS, placeLabel, type LabelSheetId } from '../../shared/domain/label-sheets';
import type { PrintOptions, RecordLabelData } from '../../shared/domain/print-types';
import { drawQr } from './barcodes';
import { noteBox } from './drawn-boxes';
import { unprintableIn } from './glyph-check';
import { beginCalibrated, endCalibrated } from './paper';
import { MM, newPdf, type PrintedPdf } from './pdf-buffer';
import { printText } from './print-text';
import { fitWhole } from './whole-text';

export interface LabelSheetChoice {
  sheet: LabelSheetId;
  /** 1-based position of the first free label on the first sheet. */
  startAt: number;
}

const A4_POINTS: [number, number] = [LABEL_SHEET_PAPER.w * MM, LABEL_SHEET_PAPER.h * MM];

/**
 * Record labels for files and folders on a bought A4 label sheet (shared/domain/label-sheets):
 * QR (carries Chinese 档号 via ECI), 档号 whole on one line, 题名, year, retention, box. Label sheets
 * are A4 whatever paper the other prints use; the calibration offsets still apply.
 */
export async function recordLabelsPdf(
  labels: RecordLabelData[],
  opts: PrintOptions,
  choice: LabelSheetChoice = { sheet: '2x8', startAt: 1 },
): Promise<PrintedPdf> {
  if (!labels.length) throw new RangeError('没有要打印的标签 Nothing to print');
  const s = LABEL_SHEETS[choice.sheet];
  if (!s) throw new RangeError(`未知的标签纸 Unknown label sheet: ${String(choice.sheet)}`);
  placeLabel(s, 0, choice.startAt); // refuses a start position that is not on the sheet
  const { doc, done } = await newPdf({ title: `标签 Labels ×${labels.length}`, size: A4_POINTS, margin: 0 });
  const pad = 2;
  const qr = Math.min(26, s.h - 2 * pad - 2, s.w * 0.36);
  beginCalibrated(doc, opts);
  let sheet = 0;
  labels.forEach((l, i) => {
    const p = placeLabel(s, i, choice.startAt);
    while (p.sheet > sheet) {
      endCalibrated(doc);
      doc.addPage({ size: A4_POINTS, margin: 0 });
      beginCalibrated(doc, opts);
      sheet++;
    }
    const x = p.x * MM;
    const y = p.y * MM;
    // Light frame = the die-cut; on plain paper it is the cutting line.
    doc
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .rect(x, y, p.w * MM, p.h * MM)
      .stroke();
    noteBox(doc, 'frame', x, y, p.w * MM, p.h * MM);
    drawQr(doc, l.archiveNo, { xPt: x + pad * MM, yPt: y + ((p.h - qr) / 2) * MM, sizeMm: qr });
    const tx = x + (qr + 2 * pad) * MM;
    const tw = (p.w - qr - 3 * pad) * MM;
    const fit = fitWhole(doc, [l.archiveNo], tw, 6 * MM, { max: 11, minOneLine: 6, minWrapped: 5 });
    const no = doc.fontSize(fit.size).currentLineHeight(true);
    fit.lines.forEach((line, k) => printText(doc.fillColor('#000000').fontSize(fit.size), line, tx, y + pad * MM + k * no, { width: tw, lineBreak: false }));
    const titleTop = y + pad * MM + Math.max(6 * MM, fit.lines.length * no) + 1 * MM;
    const footTop = y + (p.h - pad - 4.5) * MM;
    printText(doc.fontSize(s.h < 32 ? 8 : 9), l.title, tx, titleTop, { width: tw, height: Math.max(footTop - titleTop - 1 * MM, 1), ellipsis: true });
    printText(doc.fontSize(7.5).fillColor('#333333'), `${l.year} · ${l.retention}${l.boxNo ? ` · 盒 ${l.boxNo}` : ''}`, tx, footTop, {
      width: tw,
      height: 4.5 * MM,
      ellipsis: true,
      lineBreak: false,
    });
  });
  endCalibrated(doc);
  doc.end();
  const unprintable = labels.map((l) => unprintableIn(l.archiveNo, [l.archiveNo, l.title, l.retention, l.boxNo])).filter((u) => u !== null);
  return { pdf: await done, unprintable };
}
