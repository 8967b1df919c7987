import { afterAll, describe, expect, it } from 'vitest';
import { boxRecordSheetPdf, boxSpinePdf } from '../../electron/print/box-spine.pdf';
import { buildingCoverPdf } from '../../electron/print/building-cover.pdf';
import { calibrationPdf } from '../../electron/print/calibration.pdf';
import { configureFallbackFonts } from '../../electron/print/font-fallback';
import { LABEL, recordLabelsPdf } from '../../electron/print/record-label.pdf';
import type { BuildingCoverData, PrintOptions } from '../../shared/domain/print-types';
import { DEFAULT_TAGS, type TagDef } from '../../shared/domain/tags';
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
    expect(all).toContain('户数Households：40');
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
  it('2 × 8 per A4 sheet, every QR decodes to its 档号 (Chinese too)', async () => {
    const labels = Array.from({ length: 18 }, (_, i) => ({
      archiveNo: i === 3 ? '幸福-2024-004' : `XF-2024-D30-${String(i + 1).padStart(3, '0')}`,
      title: '居民基本信息登记表',
      year: '2024',
      retention: '定期30年',
      boxNo: '3',
    }));
    const { pdf } = await recordLabelsPdf(labels, A4);
    expect(pages(pdf).count).toBe(2);
    // Label k of a page sits at column k % 2, row k / 2 of the 95 × 34 mm grid from (10, 12.5) mm.
    const read = labels.map((_, i) => {
      const k = i % 16;
      return barcodesIn(pdf, 1 + Math.floor(i / 16), { x: LABEL.left + (k % 2) * 95, y: LABEL.top + Math.floor(k / 2) * 34, w: 95, h: 34 });
    });
    expect(read).toEqual(labels.map((l) => [`QR-Code:${l.archiveNo}`]));
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
