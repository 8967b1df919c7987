import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { qrMatrix } from '../../electron/print/barcodes';
import { COVER, coverPdf, coverPdfReport } from '../../electron/print/cover.pdf';
import { coverBatchPdf } from '../../electron/print/cover-batch';
import { configureFallbackFonts, faceFor } from '../../electron/print/font-fallback';
import { unprintableChars } from '../../electron/print/glyph-check';
import { loadPrintLibs } from '../../electron/print/print-libs';
import type { CoverData, PrintOptions } from '../../shared/domain/print-types';
import { DEFAULT_TAGS, type TagDef } from '../../shared/domain/tags';
import { barcodes, cleanupPrintTmp, colourDistance, embeddedFonts, hexRgb, pages, qrLeadingBits, raster, squash, text } from '../helpers/print-raster';

// qrMatrix, faceFor and unprintableChars are called directly here, outside a print that loads them.
beforeAll(loadPrintLibs);

afterAll(cleanupPrintTmp);

const TAGS: TagDef[] = DEFAULT_TAGS.map((t, i) => ({ ...t, id: `tag${i + 1}` }));
const tag = (name: string): TagDef => TAGS.find((t) => t.name === name)!;
const A4: PrintOptions = { paper: 'A4', colour: true, offsetXmm: 0, offsetYmm: 0 };

function cover(over: Partial<CoverData> = {}): CoverData {
  return {
    community: '幸福社区居民委员会',
    archiveNo: 'XF-2024-Y-0501',
    title: '张建国户居民基本信息档案',
    householdHead: '张建国',
    address: { grid: '3', building: '5', unit: '2', room: '501' },
    dateFrom: '2019-03-01',
    dateTo: '2024-12-31',
    retention: '永久',
    pages: 42,
    location: { room: '档案室A', cabinet: '3', shelf: '2', box: '17' },
    tags: [tag('楼长'), tag('党员户'), tag('流动户'), tag('重点户')],
    discreetHousehold: false,
    ...over,
  };
}

/** Centre-left of the i-th tag block's top strip: inside the colour, clear of the code glyph. */
const blockProbe = (i: number, o = { x: 0, y: 0 }) => ({ x: COVER.marginMm + i * 15 + 2 + o.x, y: 166 + 1.5 + o.y });

describe('archive cover', () => {
  it('prints every field, public tag names and codes, but never a discreet tag name', async () => {
    const t = squash(text(await coverPdf(cover(), A4)));
    for (const s of [
      '幸福社区居民委员会',
      'XF-2024-Y-0501',
      '张建国户居民基本信息档案',
      '张建国',
      '3网格5栋2单元501室',
      '2019-03-01',
      '2024-12-31',
      '永久',
      '42',
      '档案室A',
      '17盒',
      '楼长',
      '党员户',
      '流动户',
    ]) {
      expect(t).toContain(s);
    }
    for (const code of ['楼', '党', '流', '重']) expect(t).toContain(code);
    expect(t).not.toContain('重点户');
    expect(pages(await coverPdf(cover(), A4)).count).toBe(1);
  });

  it('is Chinese only unless English is chosen: an open date range reads 至今, not "至今 open"', async () => {
    // A cover with a Chinese 档号 (no Code 128: the QR note is printed instead) and an open range.
    const d = cover({ archiveNo: '幸福-2024-永-0501', dateTo: null, location: { room: '档案室甲', cabinet: '3', shelf: '2', box: '17' } });
    const zh = text(await coverPdf(d, A4));
    expect(squash(zh)).toContain('2019-03-01—至今');
    expect(zh, 'no Latin word on a Chinese cover').not.toMatch(/[A-Za-z]/);
    expect(squash(zh)).toContain('请扫描右上角二维码');
    const both = squash(text(await coverPdf(d, { ...A4, english: true })));
    for (const s of ['档案封面ArchiveCover', '档号ArchiveNo.', '至今open', '保管期限Retention', '图例Legend'])
      expect(both.replace(/\s/g, '')).toContain(s.replace('ArchiveCover', 'Archivecover'));
  });

  it('Code 128 and QR both decode to an ASCII 档号', async () => {
    const found = barcodes(await coverPdf(cover(), A4));
    expect(found).toEqual(
      expect.arrayContaining([
        { page: 1, type: 'CODE-128', data: 'XF-2024-Y-0501' },
        { page: 1, type: 'QR-Code', data: 'XF-2024-Y-0501' },
      ]),
    );
  });

  it('a Chinese 档号 goes into the QR with ECI 26 (UTF-8); Code 128 carries only an ASCII key', async () => {
    const no = '幸福-03-05-0501-001';
    const withKey = barcodes(await coverPdf(cover({ archiveNo: no, code128Text: 'R000123' }), A4));
    expect(withKey).toEqual(
      expect.arrayContaining([
        { page: 1, type: 'QR-Code', data: no },
        { page: 1, type: 'CODE-128', data: 'R000123' },
      ]),
    );
    const noKey = await coverPdf(cover({ archiveNo: no }), A4);
    expect(barcodes(noKey).map((b) => b.type)).toEqual(['QR-Code']);
    expect(squash(text(noKey))).toContain('请扫描右上角二维码');
    // The symbol itself starts with mode 0111 (ECI) and designator 00011010 (26 = UTF-8) …
    const eci = qrMatrix(no);
    expect(qrLeadingBits(eci.pixs, eci.pixx)).toBe('011100011010');
    // … and an ASCII one does not carry an ECI at all.
    const plain = qrMatrix('XF-2024-Y-0501');
    expect(qrLeadingBits(plain.pixs, plain.pixx).slice(0, 4)).not.toBe('0111');
  });

  it("each tag's colour sits at its millimetre position in the band, in palette order", async () => {
    const r = raster(await coverPdf(cover(), A4));
    ['楼长', '党员户', '流动户', '重点户'].forEach((name, i) => {
      const p = blockProbe(i);
      expect(colourDistance(r.at(p.x, p.y), hexRgb(tag(name).color)), `${name} at ${p.x},${p.y} mm`).toBeLessThan(24);
    });
    // Right of the last block is paper.
    const after = blockProbe(4);
    expect(colourDistance(r.at(after.x, after.y), [255, 255, 255])).toBeLessThan(10);
  });

  it('calibration offsets move the band by exactly those millimetres', async () => {
    const o = { x: 4, y: -3 };
    const r = raster(await coverPdf(cover(), { ...A4, offsetXmm: o.x, offsetYmm: o.y }));
    const p = blockProbe(0, o);
    expect(colourDistance(r.at(p.x, p.y), hexRgb(tag('楼长').color))).toBeLessThan(24);
    const unshifted = blockProbe(0);
    expect(colourDistance(r.at(unshifted.x - 0.5, unshifted.y), [255, 255, 255])).toBeLessThan(10);
  });

  it('a discreet household prints neither the head nor any tag name; colours and codes stay', async () => {
    const pdf = await coverPdf(cover({ discreetHousehold: true, householdHead: '张建国' }), A4);
    const t = squash(text(pdf));
    expect(t.replace('张建国户居民基本信息档案', '')).not.toContain('张建国');
    for (const name of ['楼长', '党员户', '流动户', '重点户']) expect(t).not.toContain(name);
    for (const code of ['楼', '党', '流', '重']) expect(t).toContain(code);
    expect(t).toContain('档案室图例');
    const r = raster(pdf);
    expect(colourDistance(r.at(blockProbe(1).x, blockProbe(1).y), hexRgb(tag('党员户').color))).toBeLessThan(24);
  });

  it('black and white: outlined white boxes, every code still printed', async () => {
    const pdf = await coverPdf(cover(), { ...A4, colour: false });
    const t = squash(text(pdf));
    for (const code of ['楼', '党', '流', '重']) expect(t).toContain(code);
    const r = raster(pdf);
    for (let i = 0; i < 4; i++) {
      const p = blockProbe(i);
      expect(colourDistance(r.at(p.x, p.y), [255, 255, 255]), `inside block ${i}`).toBeLessThan(10);
      // The outline: a 0.8 pt (0.28 mm) black stroke just inside the block's left edge.
      const left = COVER.marginMm + i * 15;
      const darkest = Math.min(...[0, 0.1, 0.2, 0.3].map((d) => Math.max(...r.at(left + d, p.y))));
      expect(darkest, `outline of block ${i}`).toBeLessThan(100);
    }
  });

  it('A3 and custom paper sizes', async () => {
    const a3 = pages(await coverPdf(cover(), { ...A4, paper: 'A3' }));
    expect([a3.widthPt, a3.heightPt]).toEqual([841.89, 1190.55]); // 297 × 420 mm
    const custom = pages(await coverPdf(cover(), { ...A4, paper: { widthMm: 216, heightMm: 303 } }));
    expect(custom.widthPt).toBeCloseTo((216 * 72) / 25.4, 0);
    await expect(coverPdf(cover(), { ...A4, paper: { widthMm: 10, heightMm: 303 } })).rejects.toThrow(/Invalid paper size/);
  });
});

/** Debian's fonts-noto-cjk (installed by .ci/run): a face of a collection, which react-pdf and pdfkit open by name. */
const NOTO_CJK = { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' };

describe('rare characters', () => {
  afterEach(() => configureFallbackFonts(null));

  it('Noto Sans SC lacks 𠮷 (Extension B) but has 䶮 (Extension A); with no fallback font 𠮷 is unprintable', () => {
    configureFallbackFonts({ files: [], system: false });
    expect(unprintableChars('吉𠮷祥䶮档案')).toEqual(['𠮷']);
    expect(unprintableChars('幸福社区 XF-01 永久 〓')).toEqual([]);
  });

  it('the system fonts are found through fontconfig: 𠮷 and 䶮 in a name print, the fallback font is embedded', async () => {
    configureFallbackFonts(null); // the computer's own fonts, as in production
    expect(faceFor(0x20bb7)?.font.postscriptName, 'fonts-noto-cjk is installed (.ci/run)').toMatch(/^NotoSansCJK/);
    const r = await coverPdfReport(cover({ householdHead: '𠮷䶮', title: '𠮷䶮户居民基本信息档案' }), A4);
    expect(r.unprintable).toEqual([]);
    const t = squash(text(r.pdf));
    expect(t).toContain('𠮷䶮户居民基本信息档案');
    expect(t).toContain('𠮷䶮');
    const fonts = embeddedFonts(r.pdf);
    expect(fonts).toContain('NotoSansSC-Regular');
    expect(
      fonts.some((f) => /^NotoSansCJK(sc|jp|tc|kr|hk)-Regular$/.test(f)),
      fonts.join(', '),
    ).toBe(true);
  });

  it('a fallback font named in the configuration is used before the system fonts', async () => {
    configureFallbackFonts({ files: [NOTO_CJK], system: false });
    const pdf = await coverPdf(cover({ householdHead: '𠮷大勇' }), A4);
    expect(embeddedFonts(pdf)).toEqual(expect.arrayContaining(['NotoSansSC-Regular', 'NotoSansCJKsc-Regular']));
    expect(squash(text(pdf))).toContain('𠮷大勇');
  });

  it('a character no font has prints as 〓, is reported, and the QR code keeps the real character', async () => {
    configureFallbackFonts({ files: [NOTO_CJK], system: false });
    const no = '𡒄-2024-001'; // U+21484 is in neither Noto Sans SC nor Noto Sans CJK
    const r = await coverPdfReport(cover({ householdHead: '𡒄𠮷勇', archiveNo: no }), A4);
    expect(r.unprintable).toEqual([{ subject: no, chars: ['𡒄'] }]);
    const t = squash(text(r.pdf));
    expect(t).toContain('〓𠮷勇');
    expect(t).toContain('〓-2024-001');
    expect(barcodes(r.pdf).find((b) => b.type === 'QR-Code')?.data).toBe(no);
  });

  it('a mixed line keeps its width, centring and ellipsis: the long title still ends in its box', async () => {
    configureFallbackFonts({ files: [NOTO_CJK], system: false });
    const long = `𠮷${'很长的题名'.repeat(20)}`;
    const pdf = await coverPdf(cover({ title: long }), A4);
    const t = squash(text(pdf));
    expect(t).toContain('𠮷很长的题名');
    expect(t).toContain('…');
    expect(pages(pdf).count).toBe(1);
  });
});

describe('batch of covers', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => cover({ archiveNo: `XF-2024-Y-${String(i + 1).padStart(4, '0')}`, tags: TAGS.filter((_, k) => (i + k) % 3 === 0) }));

  it('renders every cover to one PDF, reporting progress', async () => {
    const seen: [number, number][] = [];
    const { pdf, unprintable } = await coverBatchPdf(many(6), A4, { onProgress: (d, t) => seen.push([d, t]) });
    expect(pages(pdf).count).toBe(6);
    expect(unprintable).toEqual([]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((d) => [d, 6]));
    expect(squash(text(pdf, 6))).toContain('XF-2024-Y-0006');
  });

  it('cancel rejects with AbortError and returns nothing; progress stops', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const p = coverBatchPdf(many(50), A4, { signal: ac.signal, onProgress: (d) => (seen.push(d), d === 3 && ac.abort()) });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a character no font has does not stop the batch: every cover prints, the affected one is reported', async () => {
    configureFallbackFonts({ files: [], system: false });
    try {
      const covers = many(5);
      covers[4] = { ...covers[4], title: '𠮷家档案' };
      const seen: number[] = [];
      const { pdf, unprintable } = await coverBatchPdf(covers, A4, { onProgress: (d) => seen.push(d) });
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      expect(pages(pdf).count).toBe(5);
      expect(unprintable).toEqual([{ subject: 'XF-2024-Y-0005', chars: ['𠮷'] }]);
      expect(squash(text(pdf, 5))).toContain('〓家档案');
    } finally {
      configureFallbackFonts(null);
    }
  });
});
