import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrPng } from '../../electron/print/barcodes';
import { newPdf } from '../../electron/print/pdf-buffer';
import { splitPngs } from '../../electron/services/pdf-pages';
import { TestVault } from '../helpers/vault-fixture';

type Viewed = { mime: string; fileName: string; pageCount: number; pages: { mime: string; dataBase64: string }[] };
type Audit = { action: string; actor: string; details: string }[];

async function pagesPdf(n: number): Promise<Buffer> {
  const { doc, done } = newPdf({ title: 'scan' });
  for (let i = 1; i <= n; i++) {
    if (i > 1) doc.addPage();
    doc.fontSize(14).text(`户口簿 第${i}页 VIEWER-SECRET-${i}`);
  }
  doc.end();
  return done;
}
const ihdr = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/** The in-app viewer gets pictures of the pages, never the file: a view is a view, not a copy. */
describe('attachment viewer: rendered pages only, audited as a view', () => {
  const v = new TestVault();
  let recordId = '';
  let clerk = '';
  beforeAll(async () => {
    await v.setup();
    clerk = await v.userWithRole('clerk', 'clerk');
    recordId = (
      await v.ok<{ id: string }>('admin', 'records.create', {
        title: '扫描件',
        residentClass: 'registered',
        contentCategory: 'basic',
        carrier: 'electronic',
        pages: 3,
        year: 2026,
        sensitivity: 'internal',
        retentionClass: 'D10',
      })
    ).id;
  });
  afterAll(() => v.destroy());

  it('a clerk viewing a 3-page PDF gets 3 A4 PNG pages, no PDF bytes, and leaves a view entry, not an export', async () => {
    const pdf = await pagesPdf(3);
    const a = await v.ok<{ id: string }>('admin', 'attachments.add', {
      recordId,
      fileName: '户口簿.pdf',
      mime: 'application/pdf',
      dataBase64: pdf.toString('base64'),
    });
    const seen = await v.ok<Viewed>('clerk', 'attachments.view', { id: a.id, purpose: '核对户籍' });
    expect(seen.pageCount).toBe(3);
    expect(seen.pages).toHaveLength(3);
    for (const p of seen.pages) {
      const png = Buffer.from(p.dataBase64, 'base64');
      expect(p.mime).toBe('image/png');
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // A4 at 110 dpi: 595.28×841.89 pt → 910×1287 px (rounded up).
      expect(ihdr(png)).toEqual({ width: 910, height: 1287 });
      expect(png.includes(Buffer.from('%PDF'))).toBe(false);
      expect(png.includes(Buffer.from('VIEWER-SECRET'))).toBe(false);
    }
    expect(JSON.stringify(seen)).not.toContain(pdf.subarray(0, 40).toString('base64').slice(0, 20));
    const mine = (await v.ok<Audit>('admin', 'audit.list', { actor: clerk, action: 'attachment.', limit: 50 })).map((e) => e.action);
    expect(mine).toEqual(['attachment.view']);
    // The clerk has no export right: the copy path stays closed.
    const out = await v.call('clerk', 'attachments.export', { id: a.id, purpose: '自用' });
    expect(!out.ok && out.error.code).toBe('FORBIDDEN');
  });

  it('an image is shown as itself (drawn to canvas by the viewer); a broken PDF is refused in words', async () => {
    const png = await qrPng('SQ01-2026-Y-0001');
    const img = await v.ok<{ id: string }>('admin', 'attachments.add', {
      recordId,
      fileName: '照片.png',
      mime: 'image/png',
      dataBase64: png.toString('base64'),
    });
    const seen = await v.ok<Viewed>('clerk', 'attachments.view', { id: img.id, purpose: '核对' });
    expect(seen).toMatchObject({ pageCount: 1, pages: [{ mime: 'image/png' }] });
    const junk = await v.ok<{ id: string }>('admin', 'attachments.add', {
      recordId,
      fileName: '坏.pdf',
      mime: 'application/pdf',
      dataBase64: Buffer.from('%PDF-1.4\nnot really\n%%EOF\n').toString('base64'),
    });
    const r = await v.call('clerk', 'attachments.view', { id: junk.id, purpose: '核对' });
    expect(!r.ok && r.error.zh).toContain('无法读取');
  });

  it('splits back-to-back PNGs at each IEND', async () => {
    const one = await qrPng('A');
    const two = await qrPng('BB');
    const parts = splitPngs(Buffer.concat([one, two]));
    expect(parts.map((p) => p.length)).toEqual([one.length, two.length]);
    expect(parts[1].equals(two)).toBe(true);
  });
});
