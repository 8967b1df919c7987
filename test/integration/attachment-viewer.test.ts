import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrPng } from '../../electron/print/barcodes';
import { newPdf } from '../../electron/print/pdf-buffer';
import { TestVault } from '../helpers/vault-fixture';

type Viewed = { mime: string; fileName: string; dataBase64: string };
type Audit = { action: string; actor: string; subject: string; details: string }[];

async function pagesPdf(n: number): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: 'scan' });
  for (let i = 1; i <= n; i++) {
    if (i > 1) doc.addPage();
    doc.fontSize(14).text(`户口簿 第${i}页 VIEWER-SECRET-${i}`);
  }
  doc.end();
  return done;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The view channel hands the decrypted file to the in-app viewer (pdf.js draws its pages in the
 * renderer; test/e2e/keeper-forms.spec.ts checks the drawing): only to those who may read
 * attachments, one view entry per opening, never an export entry.
 */
describe('attachment view channel: the file for the viewer only, audited as a view', () => {
  const v = new TestVault();
  let recordId = '';
  let clerk = '';
  let pdf: Buffer = Buffer.alloc(0);
  let pdfId = '';
  beforeAll(async () => {
    await v.setup();
    clerk = await v.userWithRole('clerk', 'clerk');
    await v.userWithRole('auditor', 'auditor');
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
    pdf = await pagesPdf(3);
    pdfId = (
      await v.ok<{ id: string }>('admin', 'attachments.add', { recordId, fileName: '户口簿.pdf', mime: 'application/pdf', dataBase64: pdf.toString('base64') })
    ).id;
  });
  afterAll(() => v.destroy());

  const mine = async (actor: string) => v.ok<Audit>('admin', 'audit.list', { actor, action: 'attachment.', limit: 50 });

  it('a clerk gets the exact PDF for the viewer and leaves one view entry per opening, no export', async () => {
    const seen = await v.ok<Viewed>('clerk', 'attachments.view', { id: pdfId, purpose: '核对户籍' });
    expect(seen).toMatchObject({ mime: 'application/pdf', fileName: '户口簿.pdf' });
    expect(Object.keys(seen).sort()).toEqual(['dataBase64', 'fileName', 'mime']);
    expect(sha(Buffer.from(seen.dataBase64, 'base64'))).toBe(sha(pdf));
    let trail = await mine(clerk);
    expect(trail.map((e) => e.action)).toEqual(['attachment.view']);
    expect(trail[0].subject).toBe(`record:${recordId}`);
    expect(JSON.parse(trail[0].details)).toMatchObject({ attachmentId: pdfId, purpose: '核对户籍' });
    // A second opening is a second view.
    await v.ok<Viewed>('clerk', 'attachments.view', { id: pdfId, purpose: '再次核对' });
    trail = await mine(clerk);
    expect(trail.map((e) => e.action)).toEqual(['attachment.view', 'attachment.view']);
    // The clerk has no export right: the copy path stays closed, and leaves no export entry.
    const out = await v.call('clerk', 'attachments.export', { id: pdfId, purpose: '自用' });
    expect(!out.ok && out.error.code).toBe('FORBIDDEN');
    expect((await mine(clerk)).map((e) => e.action)).toEqual(['attachment.view', 'attachment.view']);
  });

  it('no bytes without the right to read attachments (an auditor), nor for a file that is not there', async () => {
    const r = await v.call('auditor', 'attachments.view', { id: pdfId, purpose: '检查' });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(r)).not.toContain(pdf.subarray(0, 30).toString('base64'));
    const gone = await v.call('clerk', 'attachments.view', { id: '00000000-0000-4000-8000-000000000000', purpose: '核对' });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
    expect(!gone.ok && gone.error.zh).toContain('未找到');
    const trail = await v.ok<Audit>('admin', 'audit.list', { action: 'attachment.view', limit: 50 });
    expect(trail.filter((e) => e.actor !== clerk)).toEqual([]);
  });

  it('an image comes as itself; a damaged PDF still comes as stored (the viewer says it cannot read it)', async () => {
    const png = await qrPng('SQ01-2026-Y-0001');
    const img = await v.ok<{ id: string }>('admin', 'attachments.add', {
      recordId,
      fileName: '照片.png',
      mime: 'image/png',
      dataBase64: png.toString('base64'),
    });
    const seen = await v.ok<Viewed>('clerk', 'attachments.view', { id: img.id, purpose: '核对' });
    expect(seen.mime).toBe('image/png');
    expect(Buffer.from(seen.dataBase64, 'base64').equals(png)).toBe(true);
    const junk = Buffer.from('%PDF-1.4\nnot really\n%%EOF\n');
    const bad = await v.ok<{ id: string }>('admin', 'attachments.add', {
      recordId,
      fileName: '坏.pdf',
      mime: 'application/pdf',
      dataBase64: junk.toString('base64'),
    });
    const r = await v.ok<Viewed>('clerk', 'attachments.view', { id: bad.id, purpose: '核对' });
    expect(Buffer.from(r.dataBase64, 'base64').equals(junk)).toBe(true);
  });
});
