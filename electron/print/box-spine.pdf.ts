import { BOX_NOTE_LABELS, type BoxNoteKind, type BoxRecordSheetData, type BoxSpineData, type PrintOptions } from '../../shared/domain/print-types';
import { frame } from './drawn-boxes';
import { unprintableIn } from './glyph-check';
import { beginCalibrated, endCalibrated, paperMm, paperPoints } from './paper';
import { MM, newPdf, type PrintedPdf } from './pdf-buffer';
import { withEnglish } from './print-lang';
import { printText, textHeight } from './print-text';
import { fitWhole } from './whole-text';

/** DA/T 22-2015 boxes: 310 × 220 mm, spine 20, 30, 40 or 50 mm. */
export const SPINE_WIDTHS_MM = [20, 30, 40, 50] as const;
/** Printed strip length: the spine's 310 mm minus the lid fold, and it fits portrait A4. */
export const SPINE_LENGTH_MM = 270;

const CELLS: { key: keyof BoxSpineData | 'items'; label: string; mm: number }[] = [
  { key: 'fondsNo', label: '全宗号', mm: 45 },
  { key: 'year', label: '年度', mm: 45 },
  { key: 'retention', label: '保管期限', mm: 55 },
  { key: 'items', label: '起止件号', mm: 65 },
  { key: 'boxNo', label: '盒号', mm: 60 },
];

function spineLines(s: BoxSpineData, key: (typeof CELLS)[number]['key']): string[] {
  return key === 'items' ? [s.itemFrom, '至', s.itemTo] : [String(s[key])];
}

/** The value's padding inside the strip, each side: the frame is 0.4–0.6 pt, so 0.75 mm clears it. */
const PAD_MM = 0.75;

function drawSpine(doc: PDFKit.PDFDocument, s: BoxSpineData, x: number, y: number): void {
  const w = s.spineWidthMm * MM;
  doc.strokeColor('#000000');
  frame(doc, x, y, w, SPINE_LENGTH_MM * MM, 0.6);
  let cy = y;
  for (const c of CELLS) {
    const h = c.mm * MM;
    frame(doc, x, cy, w, h, 0.4);
    doc
      .fontSize(7)
      .fillColor('#555555')
      .text(c.label, x + 1 * MM, cy + 1.5 * MM, { width: w - 2 * MM, align: 'center', lineBreak: false });
    // A 档号 stays whole: it shrinks (to 5 pt) before it wraps, and wraps only after a separator.
    const inner = w - 2 * PAD_MM * MM;
    const top = cy + 9 * MM;
    const fit = fitWhole(doc, spineLines(s, c.key), inner, cy + h - 1 * MM - top, { max: 16, minOneLine: 5, minWrapped: 4 });
    doc.fontSize(fit.size).fillColor('#000000');
    const lh = doc.currentLineHeight(true);
    fit.lines.forEach((line, i) => {
      printText(doc.fontSize(fit.size), line, x + PAD_MM * MM, top + i * lh, { width: inner, align: 'center', lineBreak: false });
    });
    cy += h;
  }
}

/** Box spine labels, as many strips side by side as the paper's width holds, cut along the frames. */
export async function boxSpinePdf(spines: BoxSpineData[], opts: PrintOptions): Promise<PrintedPdf> {
  if (!spines.length) throw new RangeError('没有要打印的盒脊 Nothing to print');
  for (const s of spines) {
    if (!(SPINE_WIDTHS_MM as readonly number[]).includes(s.spineWidthMm))
      throw new RangeError(`盒脊厚度须为 20/30/40/50 mm / Spine width must be 20, 30, 40 or 50 mm: ${s.spineWidthMm}`);
  }
  const { w: pw, h: ph } = paperMm(opts.paper);
  if (ph < SPINE_LENGTH_MM + 10) throw new RangeError(`纸张太短，放不下盒脊 Paper too short for a ${SPINE_LENGTH_MM} mm spine`);
  const { doc, done } = await newPdf({ title: '盒脊 Box spines', size: paperPoints(opts.paper), margin: 0 });
  const top = ((ph - SPINE_LENGTH_MM) / 2) * MM;
  let x = 10 * MM;
  beginCalibrated(doc, opts);
  for (const s of spines) {
    if (x + s.spineWidthMm * MM > (pw - 10) * MM) {
      endCalibrated(doc);
      doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
      beginCalibrated(doc, opts);
      x = 10 * MM;
    }
    drawSpine(doc, s, x, top);
    x += (s.spineWidthMm + 5) * MM;
  }
  endCalibrated(doc);
  doc.end();
  const unprintable = spines
    .map((s) =>
      unprintableIn(
        `盒脊 ${s.boxNo}`,
        CELLS.flatMap((c) => spineLines(s, c.key)),
      ),
    )
    .filter((u) => u !== null);
  return { pdf: await done, unprintable };
}

const KIND_ORDER: BoxNoteKind[] = ['missing', 'amended', 'supplemented', 'removed', 'destroyed'];

/** 备考表 (DA/T 22): notes on the box's contents by kind, and who arranged and checked it when. */
export async function boxRecordSheetPdf(d: BoxRecordSheetData, opts: PrintOptions): Promise<PrintedPdf> {
  const { w: pw } = paperMm(opts.paper);
  const X = 25 * MM;
  const W = (pw - 50) * MM;
  const { doc, done } = await newPdf({ title: `备考表 ${d.boxNo}`, size: paperPoints(opts.paper), margin: 0 });
  const boxTop = 56 * MM;
  const boxH = 166 * MM;
  const bottom = boxTop + boxH - 3 * MM;
  // Lines of the notes box, by kind in DA/T 22 order.
  const items: { text: string; indent: number }[] = [];
  for (const kind of KIND_ORDER) {
    const notes = d.notes.filter((n) => n.kind === kind);
    if (!notes.length) continue;
    const L = BOX_NOTE_LABELS[kind];
    items.push({ text: `${withEnglish(opts, L.zh, L.en)}：`, indent: 3 }, ...notes.map((n) => ({ text: `· ${n.text}`, indent: 8 })));
  }
  // As large as fits (10 pt down to 8 pt); what still does not fit continues in a second box.
  const heightAt = (size: number) => items.reduce((h, it) => h + textHeight(doc.fontSize(size), it.text, { width: W - (it.indent + 3) * MM }) + 1 * MM, 0);
  const size = [10, 9, 8].find((sz) => heightAt(sz) <= bottom - (boxTop + 11 * MM)) ?? 8;

  const sheet = (continued: boolean) => {
    doc
      .fontSize(20)
      .fillColor('#000000')
      .text('备 考 表', X, 25 * MM, { width: W, align: 'center' });
    doc
      .fontSize(9)
      .fillColor('#555555')
      .text(continued ? withEnglish(opts, 'DA/T 22 · 续', 'Box record sheet · continued') : withEnglish(opts, 'DA/T 22', 'Box record sheet'), X, 35 * MM, {
        width: W,
        align: 'center',
      });
    printText(doc.fontSize(10).fillColor('#000000'), d.community, X, 42 * MM, { width: W, height: 6 * MM, align: 'center', ellipsis: true });
    printText(
      doc,
      `${withEnglish(opts, '全宗号', 'Fonds')}：${d.fondsNo}    ${withEnglish(opts, '年度', 'Year')}：${d.year}    ${withEnglish(opts, '盒号', 'Box')}：${d.boxNo}`,
      X,
      48 * MM,
      { width: W, height: 6 * MM, ellipsis: true },
    );
    frame(doc.strokeColor('#000000'), X, boxTop, W, boxH, 0.6);
    doc.fontSize(10).text(withEnglish(opts, '盒内文件情况说明', 'Notes on the contents'), X + 3 * MM, boxTop + 3 * MM, { lineBreak: false });
  };
  beginCalibrated(doc, opts);
  sheet(false);
  let y = boxTop + 11 * MM;
  for (const it of items) {
    const w = W - (it.indent + 3) * MM;
    const h = textHeight(doc.fontSize(size), it.text, { width: w });
    if (y + h > bottom) {
      endCalibrated(doc);
      doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
      beginCalibrated(doc, opts);
      sheet(true);
      y = boxTop + 11 * MM;
    }
    printText(doc.fontSize(size).fillColor('#000000'), it.text, X + it.indent * MM, y, { width: w, height: bottom - y, ellipsis: true });
    y += h + 1 * MM;
  }
  if (!d.notes.length)
    doc
      .fontSize(10)
      .fillColor('#555555')
      .text(withEnglish(opts, '无', 'None'), X + 3 * MM, y)
      .fillColor('#000000');
  const sy = boxTop + boxH + 10 * MM;
  const half = W / 2;
  const cell = (text: string, x: number, yy: number) =>
    printText(doc.fontSize(11).fillColor('#000000'), text, x, yy, { width: half - 3 * MM, height: 7 * MM, ellipsis: true });
  cell(`${withEnglish(opts, '整理人', 'Arranged by')}：${d.arrangedBy}`, X, sy);
  cell(`${withEnglish(opts, '整理日期', 'Date')}：${d.arrangedDate}`, X + half, sy);
  cell(`${withEnglish(opts, '检查人', 'Checked by')}：${d.checkedBy}`, X, sy + 12 * MM);
  cell(`${withEnglish(opts, '检查日期', 'Date')}：${d.checkedDate}`, X + half, sy + 12 * MM);
  endCalibrated(doc);
  doc.end();
  const u = unprintableIn(`备考表 ${d.boxNo}`, [d.community, d.fondsNo, d.year, d.boxNo, d.arrangedBy, d.checkedBy, ...d.notes.map((n) => n.text)]);
  return { pdf: await done, unprintable: u ? [u] : [] };
}
