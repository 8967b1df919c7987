import type { BuildingCoverData, PrintOptions } from '../../shared/domain/print-types';
import type { TagDef } from '../../shared/domain/tags';
import { unprintableIn } from './glyph-check';
import { beginCalibrated, endCalibrated, paperMm, paperPoints } from './paper';
import { MM, newPdf, type PrintedPdf } from './pdf-buffer';
import { withEnglish } from './print-lang';
import { printText } from './print-text';
import { drawLegend, drawTagBlock, sortTags } from './tag-band';
import { buildingName } from './place-names';

/** The texts a building cover prints, by field, for the glyph check. */
export function buildingTexts(d: BuildingCoverData): Record<string, string | null> {
  const t: Record<string, string | null> = {
    community: d.community,
    grid: d.grid,
    building: d.building,
    units: d.units.join(' '),
    gridWorker: d.gridWorker ?? null,
  };
  d.households.forEach((h, i) => {
    t[`row${i + 1}:unit`] = h.unit;
    t[`row${i + 1}:room`] = h.room;
    t[`row${i + 1}:head`] = h.discreetHousehold ? null : h.headName;
    for (const tag of h.tags) {
      t[`tag:${tag.id}:code`] = tag.code;
      if (!tag.discreet) t[`tag:${tag.id}:name`] = tag.name;
    }
  });
  return t;
}

const ROW_MM = 8;
const CHIP_MM = 5.5;

/**
 * 楼栋封皮: the grid workers' sheet per building — households in unit/room order with their tag
 * chips, so 楼长, 单元长, 流动户, 党员户 … stand out at a glance; legend at the end. Long buildings
 * continue on further pages with the header row repeated.
 */
export async function buildingCoverPdf(d: BuildingCoverData, opts: PrintOptions): Promise<PrintedPdf> {
  const { w: pw, h: ph } = paperMm(opts.paper);
  const { doc, done } = await newPdf({ title: `楼栋封皮 ${d.building}`, size: paperPoints(opts.paper), margin: 0 });
  const X = 20 * MM;
  const W = (pw - 40) * MM;
  const cols = [0.12, 0.14, 0.3, 0.44].map((f) => f * W);
  const colX = cols.map((_, i) => X + cols.slice(0, i).reduce((a, b) => a + b, 0));
  const bottom = (ph - 25) * MM;

  const header = (y: number): number => {
    doc
      .save()
      .rect(X, y, W, ROW_MM * MM)
      .fill('#eeeeee')
      .restore();
    [withEnglish(opts, '单元', 'Unit'), withEnglish(opts, '室', 'Room'), withEnglish(opts, '户主', 'Head'), withEnglish(opts, '标记', 'Tags')].forEach((h, i) =>
      doc
        .fontSize(9)
        .fillColor('#000000')
        .text(h, colX[i] + 1.5 * MM, y + 2 * MM, { width: cols[i] - 3 * MM, lineBreak: false }),
    );
    return y + ROW_MM * MM;
  };

  beginCalibrated(doc, opts);
  printText(doc.fontSize(18).fillColor('#000000'), `${d.community} ${buildingName(d.building)}`, X, 18 * MM, {
    width: W,
    height: 9 * MM,
    ellipsis: true,
    lineBreak: false,
  });
  doc
    .fontSize(9)
    .fillColor('#555555')
    .text(withEnglish(opts, '楼栋封皮', 'Building cover'), X, 27 * MM, { lineBreak: false });
  printText(
    doc.fontSize(10).fillColor('#000000'),
    `${withEnglish(opts, '网格', 'Grid')}：${d.grid}    ${withEnglish(opts, '单元', 'Units')}：${d.units.join('、')}    ${withEnglish(opts, '户数', 'Households')}：${d.households.length}${d.gridWorker ? `    ${withEnglish(opts, '网格员', 'Grid worker')}：${d.gridWorker}` : ''}`,
    X,
    33 * MM,
    { width: W, height: 8 * MM, ellipsis: true },
  );
  let y = header(42 * MM);
  const seen = new Map<string, TagDef>();
  for (const h of d.households) {
    if (y + ROW_MM * MM > bottom) {
      endCalibrated(doc);
      doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
      beginCalibrated(doc, opts);
      y = header(15 * MM);
    }
    doc
      .lineWidth(0.4)
      .strokeColor('#999999')
      .moveTo(X, y + ROW_MM * MM)
      .lineTo(X + W, y + ROW_MM * MM)
      .stroke();
    const cells = [h.unit, h.room, h.discreetHousehold ? '—' : (h.headName ?? '—')];
    cells.forEach((c, i) =>
      printText(doc.fontSize(10).fillColor('#000000'), c, colX[i] + 1.5 * MM, y + 1.8 * MM, {
        width: cols[i] - 3 * MM,
        height: 5 * MM,
        ellipsis: true,
        lineBreak: false,
      }),
    );
    sortTags(h.tags).forEach((t, i) => {
      seen.set(t.id, t);
      const cx = colX[3] + 1.5 * MM + i * (CHIP_MM + 1) * MM;
      if (cx + CHIP_MM * MM <= X + W) drawTagBlock(doc, t, cx, y + 1.25 * MM, CHIP_MM, opts.colour);
    });
    y += ROW_MM * MM;
  }
  if (seen.size) {
    if (y + 20 * MM > bottom) {
      endCalibrated(doc);
      doc.addPage({ size: paperPoints(opts.paper), margin: 0 });
      beginCalibrated(doc, opts);
      y = 15 * MM;
    }
    drawLegend(doc, [...seen.values()], X, y + 5 * MM, W / MM, { colour: opts.colour, namesHidden: false, english: opts.english });
  }
  endCalibrated(doc);
  doc.end();
  const u = unprintableIn(`楼栋封皮 ${buildingName(d.building)}`, Object.values(buildingTexts(d)));
  return { pdf: await done, unprintable: u ? [u] : [] };
}
