import type { PrintOptions } from '../../shared/domain/print-types';
import { beginCalibrated, endCalibrated, paperMm, paperPoints } from './paper';
import { MM, newPdf } from './pdf-buffer';

/** Crosshair centres in mm from the sheet's top-left edge, before offsets. */
export function calibrationMarks(opts: PrintOptions): { x: number; y: number }[] {
  const { w, h } = paperMm(opts.paper);
  return [
    { x: 20, y: 20 },
    { x: w - 20, y: 20 },
    { x: 20, y: h - 20 },
    { x: w - 20, y: h - 20 },
    { x: w / 2, y: h / 2 },
  ];
}

function crosshair(doc: PDFKit.PDFDocument, x: number, y: number, pageWidthMm: number): void {
  const c = { x: x * MM, y: y * MM };
  doc.lineWidth(0.3).strokeColor('#000000');
  doc
    .moveTo(c.x - 8 * MM, c.y)
    .lineTo(c.x + 8 * MM, c.y)
    .stroke();
  doc
    .moveTo(c.x, c.y - 8 * MM)
    .lineTo(c.x, c.y + 8 * MM)
    .stroke();
  doc.circle(c.x, c.y, 5 * MM).stroke();
  // The position is printed beside the circle, on the side towards the middle of the sheet.
  const label = `${x.toFixed(1)}, ${y.toFixed(1)} mm`;
  doc.fontSize(6).fillColor('#000000');
  const lx = x > pageWidthMm / 2 ? c.x - 9 * MM - doc.widthOfString(label) : c.x + 9 * MM;
  doc.text(label, lx, c.y + 1 * MM, { lineBreak: false });
}

/**
 * Printer calibration test page: mm rulers along the top and left edges and crosshairs at known
 * positions, all moved by the current offsets. The keeper measures each crosshair from the paper's
 * edges; the difference from the printed number is the correction to enter (add it to the offset).
 */
export async function calibrationPdf(opts: PrintOptions): Promise<Buffer> {
  const { w, h } = paperMm(opts.paper);
  const { doc, done } = await newPdf({ title: '打印校准 Printer calibration', size: paperPoints(opts.paper), margin: 0 });
  beginCalibrated(doc, opts);
  doc.lineWidth(0.25).strokeColor('#000000');
  for (let mm = 0; mm <= w; mm++) {
    const len = mm % 10 === 0 ? 6 : mm % 5 === 0 ? 4 : 2;
    doc
      .moveTo(mm * MM, 0)
      .lineTo(mm * MM, len * MM)
      .stroke();
    if (mm % 10 === 0 && mm > 0 && mm < w)
      doc
        .fontSize(5)
        .fillColor('#000000')
        .text(String(mm), mm * MM - 3 * MM, 6.5 * MM, { width: 6 * MM, align: 'center', lineBreak: false });
  }
  for (let mm = 0; mm <= h; mm++) {
    const len = mm % 10 === 0 ? 6 : mm % 5 === 0 ? 4 : 2;
    doc
      .moveTo(0, mm * MM)
      .lineTo(len * MM, mm * MM)
      .stroke();
    if (mm % 10 === 0 && mm > 0 && mm < h)
      doc
        .fontSize(5)
        .fillColor('#000000')
        .text(String(mm), 6.5 * MM, mm * MM - 1 * MM, { lineBreak: false });
  }
  for (const m of calibrationMarks(opts)) crosshair(doc, m.x, m.y, w);
  doc
    .fontSize(11)
    .fillColor('#000000')
    .text('打印校准测试页 Printer calibration test page', 30 * MM, 40 * MM, { width: (w - 60) * MM, align: 'center' });
  doc
    .fontSize(9)
    .text(
      `当前偏移 Current offsets：X ${opts.offsetXmm.toFixed(1)} mm，Y ${opts.offsetYmm.toFixed(1)} mm\n` +
        '用尺量出每个十字中心到纸张左边和上边的距离，与所印数字之差即为需要补加的偏移（向右、向下为正）。\n' +
        'Measure each crosshair centre from the left and top paper edges; the difference from the printed numbers is the correction to add to the offsets (right and down are positive).',
      30 * MM,
      50 * MM,
      { width: (w - 60) * MM, align: 'center', lineGap: 2 },
    );
  endCalibrated(doc);
  doc.end();
  return done;
}
