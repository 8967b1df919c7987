import { BOX_NOTE_LABELS, type BoxNoteKind, type BoxRecordSheetData, type BoxSpineData, type PrintOptions } from '../../shared/domain/print-types';
import { glyphGuard } from './glyph-check';
import { beginCalibrated, endCalibrated, paperMm, paperPoints } from './paper';
import { MM, newPdf } from './pdf-buffer';

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

function spineValue(s: BoxSpineData, key: (typeof CELLS)[number]['key']): string {
  return key === 'items' ? `${s.itemFrom}\n至\n${s.itemTo}` : String(s[key]);
}

function drawSpine(doc: PDFKit.PDFDocument, s: BoxSpineData, x: number, y: number, mark: (t: string) => string): void {
  const w = s.spineWidthMm * MM;
  doc.lineWidth(0.6).strokeColor('#000000').rect(x, y, w, SPINE_LENGTH_MM * MM).stroke();
  let cy = y;
  for (const c of CELLS) {
    const h = c.mm * MM;
    doc.lineWidth(0.4).moveTo(x, cy + h).lineTo(x + w, cy + h).stroke();
    doc.fontSize(7).fillColor('#555555').text(c.label, x + 1 * MM, cy + 1.5 * MM, { width: w - 2 * MM, align: 'center' });
    // Narrow spines read top to bottom: CJK wraps per character, numbers stay whole.
    const size = Math.min(16, (s.spineWidthMm - 4) * MM * 0.55);
    doc.fontSize(size).fillColor('#000000').text(mark(spineValue(s, c.key)), x + 1 * MM, cy + 9 * MM, { width: w - 2 * MM, height: h - 10 * MM, align: 'center', ellipsis: true });
    cy += h;
  }
}

/** Box spine labels, as many strips side by side as the paper's width holds, cut along the frames. */
export async function boxSpinePdf(spines: BoxSpineData[], opts: PrintOptions): Promise<Buffer> {
  if (!spines.length) throw new RangeError('没有要打印的盒脊 Nothing to print');
  for (const s of spines) {
    if (!(SPINE_WIDTHS_MM as readonly number[]).includes(s.spineWidthMm)) throw new RangeError(`盒脊厚度须为 20/30/40/50 mm / Spine width must be 20, 30, 40 or 50 mm: ${s.spineWidthMm}`);
  }
  const texts: Record<string, string> = {};
  spines.forEach((s, i) => CELLS.forEach((c) => (texts[`spine${i + 1}:${c.label}`] = spineValue(s, c.key))));
  const mark = glyphGuard(texts, opts.missingGlyphs);
  const { w: pw, h: ph } = paperMm(opts.paper);
  if (ph < SPINE_LENGTH_MM + 10) throw new RangeError(`纸张太短，放不下盒脊 Paper too short for a ${SPINE_LENGTH_MM} mm spine`);
  const { doc, done } = newPdf({ title: '盒脊 Box spines', size: paperPoints(opts.paper), margin: 0 });
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
    drawSpine(doc, s, x, top, mark);
    x += (s.spineWidthMm + 5) * MM;
  }
  endCalibrated(doc);
  doc.end();
  return done;
}

const KIND_ORDER: BoxNoteKind[] = ['missing', 'amended', 'supplemented', 'removed', 'destroyed'];

/** 备考表 (DA/T 22): notes on the box's contents by kind, and who arranged and checked it when. */
export async function boxRecordSheetPdf(d: BoxRecordSheetData, opts: PrintOptions): Promise<Buffer> {
  const texts: Record<string, string> = { community: d.community, fondsNo: d.fondsNo, year: d.year, boxNo: d.boxNo, arrangedBy: d.arrangedBy, checkedBy: d.checkedBy };
  d.notes.forEach((n, i) => (texts[`note${i + 1}`] = n.text));
  const mark = glyphGuard(texts, opts.missingGlyphs);
  const { w: pw } = paperMm(opts.paper);
  const X = 25 * MM;
  const W = (pw - 50) * MM;
  const { doc, done } = newPdf({ title: `备考表 ${d.boxNo}`, size: paperPoints(opts.paper), margin: 0 });
  beginCalibrated(doc, opts);
  doc.fontSize(20).fillColor('#000000').text('备 考 表', X, 25 * MM, { width: W, align: 'center' });
  doc.fontSize(9).fillColor('#555555').text('Box record sheet (DA/T 22)', X, 35 * MM, { width: W, align: 'center' });
  doc.fontSize(10).fillColor('#000000').text(mark(`${d.community}    全宗号 Fonds：${d.fondsNo}    年度 Year：${d.year}    盒号 Box：${d.boxNo}`), X, 45 * MM, { width: W });
  const boxTop = 53 * MM;
  const boxH = 170 * MM;
  doc.lineWidth(0.6).rect(X, boxTop, W, boxH).stroke();
  doc.fontSize(10).text('盒内文件情况说明 Notes on the contents', X + 3 * MM, boxTop + 3 * MM);
  let y = boxTop + 11 * MM;
  for (const kind of KIND_ORDER) {
    const notes = d.notes.filter((n) => n.kind === kind);
    if (!notes.length) continue;
    const L = BOX_NOTE_LABELS[kind];
    doc.fontSize(10).text(`${L.zh} ${L.en}：`, X + 3 * MM, y, { width: W - 6 * MM });
    y = doc.y + 1 * MM;
    for (const n of notes) {
      doc.fontSize(10).text(`· ${mark(n.text)}`, X + 8 * MM, y, { width: W - 11 * MM, height: boxTop + boxH - y - 2 * MM, ellipsis: true });
      y = doc.y + 1 * MM;
    }
    y += 2 * MM;
  }
  if (!d.notes.length) doc.fontSize(10).fillColor('#555555').text('无 None', X + 3 * MM, y).fillColor('#000000');
  const sy = boxTop + boxH + 12 * MM;
  const half = W / 2;
  doc.fontSize(11).text(mark(`整理人 Arranged by：${d.arrangedBy}`), X, sy, { width: half, lineBreak: false });
  doc.text(`整理日期 Date：${d.arrangedDate}`, X + half, sy, { width: half, lineBreak: false });
  doc.text(mark(`检查人 Checked by：${d.checkedBy}`), X, sy + 12 * MM, { width: half, lineBreak: false });
  doc.text(`检查日期 Date：${d.checkedDate}`, X + half, sy + 12 * MM, { width: half, lineBreak: false });
  endCalibrated(doc);
  doc.end();
  return done;
}
