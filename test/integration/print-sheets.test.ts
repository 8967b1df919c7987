import { afterAll, describe, expect, it } from 'vitest';
import { boxRecordSheetPdf, boxSpinePdf } from '../../electron/print/box-spine.pdf';
import { buildingCoverPdf } from '../../electron/print/building-cover.pdf';
import { calibrationPdf } from '../../electron/print/calibration.pdf';
import { configureFallbackFonts } from '../../electron/print/font-fallback';
import { recordLabelsPdf } from '../../electron/print/record-label.pdf';
import { LABEL_SHEETS, placeLabel } from '../../shared/domain/label-sheets';
import type { BuildingCoverData, PrintOptions } from '../../shared/domain/print-types';
import { DEFAULT_TAGS, type TagDef } from '../../shared/domain/tags';
import { pdfWords } from '../helpers/pdf-layout';
import { barcodesIn, cleanupPrintTmp, colourDistance, hexRgb, pages, raster, squash, text } from '../helpers/print-raster';

afterAll(cleanupPrintTmp);

const TAGS: TagDef[] = DEFAULT_TAGS.map((t, i) => ({ ...t, id: `tag${i + 1}` }));
const tag = (name: string): TagDef => TAGS.find((t) => t.name === name)!;
const A4: PrintOptions = { paper: 'A4', colour: true, offsetXmm: 0, offsetYmm: 0 };

const building: BuildingCoverData = {
  community: '幸福社区',
  grid: '第3网格',
  building: '5',
  units: ['1', '2'],
  gridWorker: '刘网格',
  households: Array.from({ length: 40 }, (_, i) => ({
    unit: String(1 + (i % 2)),
    room: `${1 + Math.floor(i / 4)}0${1 + (i % 4)}`,
    headName: `住户${String(i).padStart(2, '0')}`,
    discreetHousehold: i === 7,
    tags: i === 0 ? [tag('楼长')] : i === 1 ? [tag('单元长'), tag('党员户')] : i === 7 ? [tag('重点户'), tag('低保户')] : i % 5 === 0 ? [tag('流动户')] : [],
  })),
};

describe('building cover', () => {
  it('lists households with tag chips over as many pages as needed, legend at the end', async () => {
    const pdf = (await buildingCoverPdf(building, A4)).pdf;
    expect(pages(pdf).count).toBe(2);
    const all = squash(text(pdf));
    expect(all).toContain('幸福社区5栋');
    expect(all).toContain('户数：40');
    expect(all, 'Chinese only unless English is chosen').not.toMatch(/[A-Za-z]{2,}/);
    expect(all).toContain('住户00');
    expect(all).toContain('住户39');
    expect(all).not.toContain('住户07'); // the discreet household's head
    // Discreet by default (重点户, 低保户: welfare): colour and code only, never the name.
    for (const n of ['重点户', '低保户']) expect(all).not.toContain(n);
    for (const n of ['楼长', '单元长', '党员户', '流动户']) expect(all).toContain(n);
    // Row 1 (楼长, 101) sits at 42 + 8 mm; its chip starts at the tags column (20 + 0.56·170 + 1.5 mm).
    const r = raster(pdf, 1);
    const chipX = 20 + 0.56 * 170 + 1.5 + 1;
    expect(colourDistance(r.at(chipX, 50 + 1.25 + 0.8), hexRgb(tag('楼长').color))).toBeLessThan(24);
  });

  it('black and white keeps the codes', async () => {
    const t = squash(text((await buildingCoverPdf(building, { ...A4, colour: false })).pdf));
    for (const code of ['楼', '单', '党', '流', '保', '重']) expect(t).toContain(code);
  });
});

describe('box spine and 备考表 (DA/T 22)', () => {
  const spine = { fondsNo: 'X001', year: '2024', retention: '定期30年', itemFrom: '0001', itemTo: '0050', boxNo: '17' };

  it('prints the five spine fields, one strip per box, only in DA/T 22 widths', async () => {
    const { pdf } = await boxSpinePdf(
      [20, 30, 40, 50].map((w, i) => ({ ...spine, boxNo: String(17 + i), spineWidthMm: w })),
      A4,
    );
    const t = squash(text(pdf));
    for (const s of ['全宗号', '年度', '保管期限', '起止件号', '盒号', 'X001', '2024', '0001', '0050', '17', '20']) expect(t).toContain(s);
    expect(pages(pdf).count).toBe(1);
    // Strips are laid 5 mm apart: the 4th (50 mm) frame starts at 10 + 25 + 35 + 45 = 115 mm.
    const r = raster(pdf);
    const top = (297 - 270) / 2;
    const darkest = Math.min(...[-0.2, -0.1, 0, 0.1, 0.2].map((d) => Math.max(...r.at(115 + d, top + 100))));
    expect(darkest).toBeLessThan(120);
    await expect(boxSpinePdf([{ ...spine, spineWidthMm: 25 }], A4)).rejects.toThrow(/20, 30, 40 or 50/);
  });

  it('keeps a 档号 whole: one line inside the strip, or on the narrowest strip wrapped only after a separator', async () => {
    const PT = 72 / 25.4;
    const check = async (from: string, to: string, whole: number[]) => {
      const { pdf } = await boxSpinePdf(
        [20, 30, 40, 50].map((w) => ({ ...spine, itemFrom: from, itemTo: to, spineWidthMm: w })),
        A4,
      );
      const { words } = pdfWords(pdf);
      let left = 10;
      for (const w of [20, 30, 40, 50]) {
        const inStrip = words.filter((x) => x.x / PT >= left && (x.x + x.w) / PT <= left + w);
        for (const no of [from, to]) {
          if (whole.includes(w))
            expect(
              inStrip.filter((x) => x.text === no),
              `${no} whole on one line in the ${w} mm strip`,
            ).toHaveLength(1);
        }
        if (!whole.includes(w)) {
          // The 起止件号 cell (145–210 mm down the strip), line by line: together they read the two
          // numbers, and every line that ends inside a number ends at a separator.
          const top = (297 - 270) / 2;
          const cell = inStrip.filter((x) => x.text !== '起止件号' && x.y / PT > top + 145 && x.y / PT < top + 210).sort((a, b) => a.y - b.y);
          expect(cell.map((x) => x.text).join('')).toBe(`${from}至${to}`);
          const breaks = cell.filter((x, i) => x.text !== '至' && cell[i + 1] && cell[i + 1].text !== '至');
          expect(breaks.length, 'the narrowest strip wraps').toBeGreaterThan(0);
          for (const x of breaks) expect(x.text).toMatch(/-$/);
        }
        left += w + 5;
      }
    };
    await check('XF-2024-D30-0001', 'XF-2024-D30-0050', [20, 30, 40, 50]);
    await check('SQ01-2020-D30-000001', 'SQ01-2020-D30-000400', [30, 40, 50]);
  });

  it('备考表 prints notes by kind and who arranged and checked the box', async () => {
    const { pdf } = await boxRecordSheetPdf(
      {
        community: '幸福社区',
        fondsNo: 'X001',
        year: '2024',
        boxNo: '17',
        notes: [
          { kind: 'removed', text: '第9件移出至街道办' },
          { kind: 'missing', text: '第3件缺第5页' },
        ],
        arrangedBy: '李整理',
        arrangedDate: '2024-12-01',
        checkedBy: '王检查',
        checkedDate: '2024-12-05',
      },
      A4,
    );
    const t = squash(text(pdf));
    for (const s of ['备考表', '缺损', '第3件缺第5页', '移出', '第9件移出至街道办', '李整理', '2024-12-01', '王检查', '2024-12-05']) expect(t).toContain(s);
    expect(t.indexOf('缺损')).toBeLessThan(t.indexOf('移出')); // DA/T 22 order of kinds
    expect(t).not.toContain('销毁');
  });
});

describe('record labels', () => {
  const PT = 72 / 25.4;
  const labelsOf = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      archiveNo: i === 3 ? '幸福-2024-004' : `XF-2024-D30-${String(i + 1).padStart(3, '0')}`,
      title: '居民基本信息登记表',
      year: '2024',
      retention: '定期30年',
      boxNo: '3',
    }));

  it('2 × 8 (99.1 × 33.9 mm) per A4 sheet by default, every QR decodes to its 档号 (Chinese too)', async () => {
    const labels = labelsOf(18);
    const { pdf } = await recordLabelsPdf(labels, A4);
    expect(pages(pdf).count).toBe(2);
    // Label k of a page sits at column k % 2, row k / 2: 4.65 mm + 101.6 mm pitch across, 12.9 mm + 33.9 mm down.
    const read = labels.map((_, i) => {
      const k = i % 16;
      return barcodesIn(pdf, 1 + Math.floor(i / 16), { x: 4.65 + (k % 2) * 101.6, y: 12.9 + Math.floor(k / 2) * 33.9, w: 99.1, h: 33.9 });
    });
    expect(read).toEqual(labels.map((l) => [`QR-Code:${l.archiveNo}`]));
  });

  it('3 × 7 from start position 5: label n lands in the sheet box at position 4 + n, the 档号 whole on one line inside it', async () => {
    const labels = labelsOf(20);
    const { pdf } = await recordLabelsPdf(labels, A4, { sheet: '3x7', startAt: 5 });
    expect(pages(pdf).count).toBe(2); // 17 on the first sheet (positions 5–21), 3 on the second
    const { words } = pdfWords(pdf);
    labels.forEach((l, i) => {
      const pos = 4 + i; // 0-based slot on the first sheet
      const page = pos < 21 ? 1 : 2;
      const slot = pos % 21;
      // L7160 geometry: 63.5 × 38.1 mm from (7.25, 15.15) mm, 66 mm across, 38.1 mm down.
      const box = { x: 7.25 + (slot % 3) * 66, y: 15.15 + Math.floor(slot / 3) * 38.1, w: 63.5, h: 38.1 };
      expect(placeLabel(LABEL_SHEETS['3x7'], i, 5)).toMatchObject({ sheet: page - 1, position: slot + 1, x: box.x, y: box.y });
      const w = words.find((w) => w.page === page && w.text === l.archiveNo);
      expect(w, `${l.archiveNo} printed whole as one word`).toBeDefined();
      expect(w!.x / PT).toBeGreaterThan(box.x);
      expect((w!.x + w!.w) / PT).toBeLessThan(box.x + box.w);
      expect(w!.y / PT).toBeGreaterThan(box.y);
      expect((w!.y + w!.h) / PT).toBeLessThan(box.y + box.h);
    });
    // Positions 1–4 of the first sheet stay blank: no word and no code there.
    for (let slot = 0; slot < 4; slot++) {
      const box = { x: 7.25 + (slot % 3) * 66, y: 15.15 + Math.floor(slot / 3) * 38.1, w: 63.5, h: 38.1 };
      expect(words.filter((w) => w.page === 1 && w.x / PT > box.x && w.x / PT < box.x + box.w && w.y / PT > box.y && w.y / PT < box.y + box.h)).toEqual([]);
    }
    expect(barcodesIn(pdf, 1, { x: 7.25 + 66, y: 15.15 + 38.1, w: 63.5, h: 38.1 })).toEqual([`QR-Code:${labels[0].archiveNo}`]); // position 5
    expect(barcodesIn(pdf, 2, { x: 7.25 + 2 * 66, y: 15.15, w: 63.5, h: 38.1 })).toEqual([`QR-Code:${labels[19].archiveNo}`]); // 2nd sheet, position 3
  });

  it('3 × 10 (70 × 29.7 mm, edge to edge): 30 to a sheet, a start position beyond the sheet is refused', async () => {
    const labels = labelsOf(31);
    const { pdf } = await recordLabelsPdf(labels, A4, { sheet: '3x10', startAt: 1 });
    expect(pages(pdf).count).toBe(2);
    expect(barcodesIn(pdf, 1, { x: 140, y: 9 * 29.7, w: 70, h: 29.7 })).toEqual([`QR-Code:${labels[29].archiveNo}`]);
    await expect(recordLabelsPdf(labels, A4, { sheet: '3x10', startAt: 31 })).rejects.toThrow(/1–30/);
  });

  it('a title with a character no font has still prints, with 〓, and is reported', async () => {
    configureFallbackFonts({ files: [], system: false });
    try {
      const r = await recordLabelsPdf([{ archiveNo: 'A-1', title: '𠮷家', year: '2024', retention: '永久' }], A4);
      expect(squash(text(r.pdf))).toContain('〓家');
      expect(r.unprintable).toEqual([{ subject: 'A-1', chars: ['𠮷'] }]);
    } finally {
      configureFallbackFonts(null);
    }
  });
});

describe('calibration page', () => {
  it('puts crosshair centres at their millimetre positions plus the offsets', async () => {
    const o = { offsetXmm: 3, offsetYmm: -2 };
    const r = raster(await calibrationPdf({ ...A4, ...o }), 1, 150);
    // Vertical stroke of the top-left crosshair, 6.5 mm above its centre (20+3, 20-2): outside the
    // circle and the caption. Scanned across ±0.2 mm for the thin line.
    const darkest = (x: number, y: number) => Math.min(...[-0.2, -0.1, 0, 0.1, 0.2].map((d) => Math.max(...r.at(x + d, y))));
    expect(darkest(23, 11.5)).toBeLessThan(140);
    expect(darkest(20, 13.5)).toBeGreaterThan(240); // nothing at the uncalibrated position
    expect(darkest(210 / 2 + 3, 297 / 2 - 2 - 6.5)).toBeLessThan(140);
    expect(squash(text(await calibrationPdf({ ...A4, ...o })))).toContain('X3.0mm，Y-2.0mm');
  });
});
