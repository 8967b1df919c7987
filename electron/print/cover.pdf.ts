import type { CoverData, PrintOptions } from '../../shared/domain/print-types';
import { drawCode128, drawQr, isPrintableAscii } from './barcodes';
import { frame } from './drawn-boxes';
import { unprintableIn } from './glyph-check';
import { paperMm, paperPoints, beginCalibrated, endCalibrated } from './paper';
import { MM, newPdf, type PrintedPdf } from './pdf-buffer';
import { withEnglish } from './print-lang';
import { printText } from './print-text';
import { drawLegend, drawTagBlock, sortTags } from './tag-band';
import { buildingName, gridName, roomName, unitName } from './place-names';

/**
 * Archive cover (封面/卷皮), millimetre-exact from the sheet's top-left corner (plus calibration
 * offsets), so the same layout fits plain A4 and pre-printed stock. Widths follow the paper; the
 * vertical positions are fixed so a pre-printed form can be designed around them.
 */
export const COVER = {
  marginMm: 20,
  qrMm: 30,
  qrTopMm: 12,
  tagBandTopMm: 166,
  tagBlockMm: 12,
  tagPitchMm: 15,
  code128TopMm: 240,
  code128HeightMm: 15,
} as const;

/** Every text the cover prints, by field — what the glyph check must see. */
export function coverTexts(d: CoverData): Record<string, string | null> {
  const namesHidden = d.discreetHousehold;
  const texts: Record<string, string | null> = {
    community: d.community,
    archiveNo: d.archiveNo,
    title: d.title,
    householdHead: namesHidden ? null : d.householdHead,
    address: addressLine(d),
    dates: `${d.dateFrom}${d.dateTo ?? ''}`,
    retention: d.retention,
    location: d.location ? locationLine(d) : null,
  };
  for (const t of d.tags) {
    texts[`tag:${t.id}:code`] = t.code;
    if (!namesHidden && !t.discreet) texts[`tag:${t.id}:name`] = t.name;
  }
  return texts;
}

function addressLine(d: CoverData): string {
  const a = d.address;
  return [gridName(a.grid), buildingName(a.building), unitName(a.unit), roomName(a.room)].filter(Boolean).join(' ');
}

function locationLine(d: CoverData): string {
  const l = d.location!;
  return `${l.room} · ${l.cabinet}柜 · ${l.shelf}层 · ${l.box}盒`;
}

function field(doc: PDFKit.PDFDocument, label: string, value: string, x: number, y: number, w: number, h: number): void {
  doc.strokeColor('#000000');
  frame(doc, x, y, w, h);
  doc
    .fontSize(7)
    .fillColor('#555555')
    .text(label, x + 1.5 * MM, y + 0.8 * MM, { width: w - 3 * MM, lineBreak: false });
  printText(doc.fontSize(11).fillColor('#000000'), value || '—', x + 1.5 * MM, y + 4 * MM, {
    width: w - 3 * MM,
    height: h - 4.5 * MM,
    ellipsis: true,
    lineBreak: false,
  });
}

/** Draws one cover on the current page; rare characters print from a fallback font or as 〓. */
export function drawCover(doc: PDFKit.PDFDocument, d: CoverData, opts: PrintOptions): void {
  const { w: pw } = paperMm(opts.paper);
  const X = COVER.marginMm * MM;
  const W = (pw - 2 * COVER.marginMm) * MM;
  beginCalibrated(doc, opts);

  printText(doc.fillColor('#000000').fontSize(16), d.community, X, 15 * MM, {
    width: W - (COVER.qrMm + 4) * MM,
    height: 9 * MM,
    ellipsis: true,
    lineBreak: false,
  });
  doc
    .fontSize(9)
    .fillColor('#555555')
    .text(withEnglish(opts, '档案封面', 'Archive cover'), X, 24 * MM, { lineBreak: false });
  drawQr(doc, d.archiveNo, { xPt: (pw - COVER.marginMm - COVER.qrMm) * MM, yPt: COVER.qrTopMm * MM, sizeMm: COVER.qrMm });

  doc
    .fillColor('#000000')
    .fontSize(8)
    .text(withEnglish(opts, '题名', 'Title'), X, 46 * MM, { lineBreak: false });
  printText(doc.fontSize(18), d.title, X, 51 * MM, { width: W, height: 22 * MM, ellipsis: true });

  const en = (zh: string, english: string) => withEnglish(opts, zh, english);
  const rowH = 11 * MM;
  let y = 78 * MM;
  field(doc, en('档号', 'Archive No.'), d.archiveNo, X, y, W, rowH);
  y += rowH;
  const head = d.discreetHousehold ? '' : (d.householdHead ?? '');
  field(doc, en('户主', 'Household head'), head, X, y, W / 2, rowH);
  field(doc, en('地址', 'Address'), addressLine(d), X + W / 2, y, W / 2, rowH);
  y += rowH;
  field(doc, en('起止日期', 'Date range'), `${d.dateFrom} — ${d.dateTo ?? en('至今', 'open')}`, X, y, W / 2, rowH);
  field(doc, en('保管期限', 'Retention'), d.retention, X + W / 2, y, W / 4, rowH);
  field(doc, en('页数', 'Pages'), String(d.pages), X + (3 * W) / 4, y, W / 4, rowH);
  y += rowH;
  field(doc, en('存放位置', 'Location'), d.location ? locationLine(d) : '', X, y, W, rowH);

  // Tag band: fixed position so pixel checks and pre-printed forms can rely on it.
  doc
    .fontSize(8)
    .fillColor('#000000')
    .text(en('标记', 'Tags'), X, (COVER.tagBandTopMm - 5) * MM, { lineBreak: false });
  const tags = sortTags(d.tags);
  const perRow = Math.max(1, Math.floor((W / MM + (COVER.tagPitchMm - COVER.tagBlockMm)) / COVER.tagPitchMm));
  tags.forEach((t, i) => {
    const bx = X + (i % perRow) * COVER.tagPitchMm * MM;
    const by = (COVER.tagBandTopMm + Math.floor(i / perRow) * COVER.tagPitchMm) * MM;
    drawTagBlock(doc, t, bx, by, COVER.tagBlockMm, opts.colour);
  });
  if (!tags.length)
    doc
      .fontSize(10)
      .fillColor('#555555')
      .text(en('无标记', 'No tags'), X, (COVER.tagBandTopMm + 3) * MM, { lineBreak: false });
  const bandRows = Math.max(1, Math.ceil(tags.length / perRow));
  const legendTop = (COVER.tagBandTopMm + bandRows * COVER.tagPitchMm + 2) * MM;
  if (tags.length) drawLegend(doc, tags, X, legendTop, W / MM, { colour: opts.colour, namesHidden: d.discreetHousehold, english: opts.english });

  // Code 128 only where it can carry the text verbatim; otherwise say so instead of printing a
  // barcode that scans to something else.
  const linear = isPrintableAscii(d.archiveNo) ? d.archiveNo : d.code128Text && isPrintableAscii(d.code128Text) ? d.code128Text : null;
  const by = COVER.code128TopMm * MM;
  if (linear) {
    drawCode128(doc, linear, { xPt: X, yPt: by, maxWidthMm: Math.min(W / MM, 120), heightMm: COVER.code128HeightMm });
    const caption = linear === d.archiveNo ? linear : `${linear}（${en('条码键', 'barcode key')}）`;
    doc
      .fontSize(10)
      .fillColor('#000000')
      .text(caption, X, by + (COVER.code128HeightMm + 1) * MM, { lineBreak: false });
  } else {
    doc
      .fontSize(9)
      .fillColor('#000000')
      .text(
        withEnglish(opts, '档号含中文，条形码无法承载，请扫描右上角二维码', 'The archive number has Chinese characters: scan the QR code (top right)', ' / '),
        X,
        by + 4 * MM,
        {
          width: W,
        },
      );
  }
  endCalibrated(doc);
}

/** Characters of one cover that no font has (they print as 〓), or null. */
export const coverUnprintable = (d: CoverData) => unprintableIn(d.archiveNo, Object.values(coverTexts(d)));

/** One cover as a one-page PDF. */
export async function coverPdf(d: CoverData, opts: PrintOptions): Promise<Buffer> {
  return (await coverPdfReport(d, opts)).pdf;
}

/** One cover and its report of characters printed as 〓. */
export async function coverPdfReport(d: CoverData, opts: PrintOptions): Promise<PrintedPdf> {
  const { doc, done } = await newPdf({ title: `封面 ${d.archiveNo}`, size: paperPoints(opts.paper), margin: 0 });
  drawCover(doc, d, opts);
  doc.end();
  const u = coverUnprintable(d);
  return { pdf: await done, unprintable: u ? [u] : [] };
}
