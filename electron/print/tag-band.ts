import { readableTextColor, type TagDef } from '../../shared/domain/tags';
import { MM } from './pdf-buffer';
import { withEnglish } from './print-lang';
import { printText } from './print-text';

/**
 * Tag blocks: always colour + code (domain.md), so black-and-white printers and colour-blind
 * readers still tell tags apart. In black and white a block is an outlined white box with the code.
 * Discreet tags never print their name — here or in any legend.
 */
export function drawTagBlock(doc: PDFKit.PDFDocument, tag: TagDef, x: number, y: number, sizeMm: number, colour: boolean): void {
  const s = sizeMm * MM;
  doc.save();
  if (colour) {
    doc.rect(x, y, s, s).fill(tag.color);
    doc.fillColor(readableTextColor(tag.color));
  } else {
    // Inset the stroke so the box keeps its exact outer size.
    doc
      .lineWidth(0.8)
      .rect(x + 0.4, y + 0.4, s - 0.8, s - 0.8)
      .fillAndStroke('#ffffff', '#000000');
    doc.fillColor('#000000');
  }
  const fontSize = sizeMm * MM * 0.6;
  doc.fontSize(fontSize);
  const lh = doc.currentLineHeight();
  printText(doc, tag.code, x, y + (s - lh) / 2, { width: s, align: 'center', lineBreak: false });
  doc.restore();
}

/** Tags in palette order — the order keepers learn to read the band in. */
export const sortTags = (tags: TagDef[]): TagDef[] => [...tags].sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));

/**
 * The legend for the tags shown: public tags by name, discreet ones by colour + code only.
 * With `namesHidden` (a discreet household) no tag name is printed at all.
 * Lays entries left to right, wrapping within widthMm; returns the y (points) below it.
 */
export function drawLegend(
  doc: PDFKit.PDFDocument,
  tags: TagDef[],
  x: number,
  y: number,
  widthMm: number,
  opts: { colour: boolean; namesHidden: boolean; english?: boolean },
): number {
  const block = 5;
  doc.save().fontSize(8).fillColor('#000000');
  doc.text(withEnglish(opts, '图例', 'Legend') + '：', x, y + 0.8 * MM, { lineBreak: false });
  let cx = x + 20 * MM;
  let cy = y;
  const right = x + widthMm * MM;
  for (const t of sortTags(tags)) {
    const label = opts.namesHidden || t.discreet ? '' : t.name;
    const w = (block + 1.5) * MM + (label ? doc.widthOfString(label) + 4 * MM : 2 * MM);
    if (cx + w > right) {
      cx = x + 20 * MM;
      cy += (block + 2) * MM;
    }
    drawTagBlock(doc, t, cx, cy, block, opts.colour);
    if (label) printText(doc.fontSize(8).fillColor('#000000'), label, cx + (block + 1.5) * MM, cy + 0.8 * MM, { lineBreak: false });
    cx += w;
  }
  cy += (block + 2) * MM;
  if (opts.namesHidden || tags.some((t) => t.discreet)) {
    doc
      .fontSize(7)
      .fillColor('#555555')
      .text(
        withEnglish(opts, '只印颜色与代码的标记，其含义见档案室图例', 'Tags shown by colour and code only are explained in the archives-room legend', ' / '),
        x,
        cy,
        {
          width: widthMm * MM,
        },
      );
    cy = doc.y + 1 * MM;
  }
  doc.restore();
  return cy;
}
