import { afterAll, describe, expect, it } from 'vitest';
import { qrMatrix } from '../../electron/print/barcodes';
import { COVER, coverPdf } from '../../electron/print/cover.pdf';
import { coverBatchPdf } from '../../electron/print/cover-batch';
import { findMissingGlyphs, MissingGlyphsError } from '../../electron/print/glyph-check';
import type { CoverData, PrintOptions } from '../../shared/domain/print-types';
import { DEFAULT_TAGS, type TagDef } from '../../shared/domain/tags';
import { barcodes, cleanupPrintTmp, colourDistance, hexRgb, pages, qrLeadingBits, raster, squash, text } from '../helpers/print-raster';

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
    for (const s of ['幸福社区居民委员会', 'XF-2024-Y-0501', '张建国户居民基本信息档案', '张建国', '3网格5栋2单元501室', '2019-03-01', '2024-12-31', '永久', '42', '档案室A', '17盒', '楼长', '党员户', '流动户']) {
      expect(t).toContain(s);
    }
    for (const code of ['楼', '党', '流', '重']) expect(t).toContain(code);
    expect(t).not.toContain('重点户');
    expect(pages(await coverPdf(cover(), A4)).count).toBe(1);
  });

  it('Code 128 and QR both decode to an ASCII 档号', async () => {
    const found = barcodes(await coverPdf(cover(), A4));
    expect(found).toEqual(expect.arrayContaining([
      { page: 1, type: 'CODE-128', data: 'XF-2024-Y-0501' },
      { page: 1, type: 'QR-Code', data: 'XF-2024-Y-0501' },
    ]));
  });

  it('a Chinese 档号 goes into the QR with ECI 26 (UTF-8); Code 128 carries only an ASCII key', async () => {
    const no = '幸福-03-05-0501-001';
    const withKey = barcodes(await coverPdf(cover({ archiveNo: no, code128Text: 'R000123' }), A4));
    expect(withKey).toEqual(expect.arrayContaining([
      { page: 1, type: 'QR-Code', data: no },
      { page: 1, type: 'CODE-128', data: 'R000123' },
    ]));
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

describe('glyph check', () => {
  it('finds CJK Extension B characters per field before rendering', () => {
    expect(findMissingGlyphs({ title: '吉𠮷祥档案', head: '张三', room: null })).toEqual([{ field: 'title', chars: ['𠮷'], codePoints: ['U+20BB7'] }]);
    expect(findMissingGlyphs({ a: '幸福社区 XF-01 永久 〓' })).toEqual([]);
  });

  it('rejects a cover with a missing glyph, naming the field; "mark" prints 〓 and the QR keeps the real character', async () => {
    const err = await coverPdf(cover({ householdHead: '𠮷大勇' }), A4).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingGlyphsError);
    expect((err as MissingGlyphsError).missing).toEqual([{ field: 'householdHead', chars: ['𠮷'], codePoints: ['U+20BB7'] }]);
    const no = '𠮷-2024-001';
    const pdf = await coverPdf(cover({ householdHead: '𠮷大勇', archiveNo: no }), { ...A4, missingGlyphs: 'mark' });
    const t = squash(text(pdf));
    expect(t).toContain('〓大勇');
    expect(t).toContain('〓-2024-001');
    expect(barcodes(pdf).find((b) => b.type === 'QR-Code')?.data).toBe(no);
  });
});

describe('batch of covers', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => cover({ archiveNo: `XF-2024-Y-${String(i + 1).padStart(4, '0')}`, tags: TAGS.filter((_, k) => (i + k) % 3 === 0) }));

  it('renders every cover to one PDF, reporting progress', async () => {
    const seen: [number, number][] = [];
    const pdf = await coverBatchPdf(many(6), A4, { onProgress: (d, t) => seen.push([d, t]) });
    expect(pages(pdf).count).toBe(6);
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

  it('a rare character anywhere stops the batch before the first page', async () => {
    const covers = many(5);
    covers[4] = { ...covers[4], title: '𠮷家档案' };
    const seen: number[] = [];
    const err = await coverBatchPdf(covers, A4, { onProgress: (d) => seen.push(d) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingGlyphsError);
    expect((err as MissingGlyphsError).missing[0].field).toBe('XF-2024-Y-0005 title');
    expect(seen).toEqual([]);
  });
});
