import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrPng } from '../../electron/print/barcodes';
import { newPdf } from '../../electron/print/pdf-buffer';
import { pdfText } from '../helpers/pdf-tools';
import { TestVault } from '../helpers/vault-fixture';

async function onePagePdf(text: string): Promise<Buffer> {
  const { doc, done } = await newPdf({ title: 'scan' });
  doc.fontSize(14).text(text);
  doc.end();
  return done;
}

/** Exported copies carry the exporter's name, the time and the purpose. */
describe('exported attachments are stamped', () => {
  const v = new TestVault();
  let recordId = '';
  beforeAll(async () => {
    await v.setup();
    const r = await v.ok<{ id: string }>('admin', 'records.create', {
      title: '扫描件',
      residentClass: 'registered',
      contentCategory: 'basic',
      carrier: 'electronic',
      pages: 1,
      year: 2026,
      sensitivity: 'internal',
      retentionClass: 'D10',
    });
    recordId = r.id;
  });
  afterAll(() => v.destroy());

  it('a PDF keeps its content and gains the stamp on every page', async () => {
    const pdf = await onePagePdf('户口簿 第一页');
    const a = await v.ok<{ id: string }>('admin', 'attachments.add', {
      recordId,
      fileName: '户口簿.pdf',
      mime: 'application/pdf',
      dataBase64: pdf.toString('base64'),
    });
    const out = await v.ok<{ mime: string; dataBase64: string }>('admin', 'attachments.export', { id: a.id, purpose: '区民政局核查' });
    const text = pdfText(Buffer.from(out.dataBase64, 'base64'));
    expect(text).toContain('户口簿 第一页');
    expect(text).toContain('王管理 导出');
    expect(text).toContain('区民政局核查');
  });

  it('an image goes out as a stamped one-page PDF', async () => {
    const png = await qrPng('SQ01-2026-Y-0001');
    const a = await v.ok<{ id: string }>('admin', 'attachments.add', { recordId, fileName: '照片.png', mime: 'image/png', dataBase64: png.toString('base64') });
    const out = await v.ok<{ mime: string; fileName: string; dataBase64: string }>('admin', 'attachments.export', { id: a.id, purpose: '信息核对' });
    expect(out.mime).toBe('application/pdf');
    expect(out.fileName).toBe('照片.png.pdf');
    expect(pdfText(Buffer.from(out.dataBase64, 'base64'))).toContain('王管理 导出');
    const log = await v.ok<{ action: string; details: string }[]>('admin', 'audit.list', { action: 'attachment.export', limit: 5 });
    expect(log[0].details).toContain('信息核对');
  });
});
