import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobs } from '../../electron/import/import-jobs';
import { ImportService } from '../../electron/import/import.service';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';

type FileOut = { fileName: string; mime: string; dataBase64: string; rows: number };

describe('list exports: permission, purpose, audit', () => {
  const v = new TestVault();
  const rows = communityRows(45, 4, 80000);
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    await importJobs(v.core).wait(importJobs(v.core).start({ username: 'admin' }, 'a.csv', Buffer.from(toCsv(rows)), { basicRecords: true }));
    await v.userWithRole('clerk', 'clerk');
  });
  afterAll(() => v.destroy());

  it('exports residents, households and records as CSV and XLSX, each audited with its purpose', async () => {
    for (const kind of ['residents', 'households', 'records'] as const) {
      for (const format of ['csv', 'xlsx'] as const) {
        const f = await v.ok<FileOut>('admin', 'exporter.list', { kind, format, purpose: '年度核对' });
        expect(f.rows, `${kind} ${format}`).toBe(kind === 'households' ? 15 : 45);
        expect(f.fileName.endsWith(`.${format}`)).toBe(true);
      }
    }
    const audit: { details: string }[] = await v.core.services.db.manager.query("SELECT details FROM audit_log WHERE action = 'export.list'");
    expect(audit).toHaveLength(6);
    expect(JSON.parse(audit[0].details)).toMatchObject({ purpose: '年度核对', kind: 'residents' });
    expect(audit.some((a) => a.details.includes(String(rows[0].name)))).toBe(false);
  });

  it('keeps IDs as text in XLSX and the residents list re-imports without creating anything', async () => {
    const f = await v.ok<FileOut>('admin', 'exporter.list', { kind: 'residents', format: 'xlsx', purpose: '核对后回填' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.dataBase64, 'base64') as unknown as ArrayBuffer);
    // Who exported it, when and why, on every printed page (header/footer), not in the cells.
    expect(wb.worksheets[0].headerFooter.oddHeader).toContain('admin 导出');
    expect(wb.worksheets[0].headerFooter.oddFooter).toContain('核对后回填');
    const ids = wb.worksheets[0].getColumn(9).values.slice(2);
    expect(ids.every((x) => typeof x === 'string' && x.length === 18)).toBe(true);
    const back = await new ImportService(v.core).dryRun(f.fileName, Buffer.from(f.dataBase64, 'base64'));
    expect(back.issueCount, JSON.stringify(back.issues.slice(0, 3))).toBe(0);
    expect(back.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 45, householdsCreated: 0, recordsCreated: 0 });
  });

  it('needs a purpose and the data.export permission; filters narrow the list', async () => {
    expect((await v.call('admin', 'exporter.list', { kind: 'records', format: 'csv', purpose: '' })).ok).toBe(false);
    const denied = await v.call('clerk', 'exporter.list', { kind: 'records', format: 'csv', purpose: '看看' });
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.code).toBe('FORBIDDEN');
    const tree = await v.ok<{ buildings: { id: string; name: string }[] }>('admin', 'structure.tree');
    const b1 = tree.buildings.find((b) => b.name === '1号楼')!;
    const f = await v.ok<FileOut>('admin', 'exporter.list', { kind: 'households', format: 'csv', purpose: '楼栋核对', filters: { buildingId: b1.id } });
    expect(f.rows).toBe(15);
    const csv = Buffer.from(f.dataBase64, 'base64').toString('utf8');
    expect(csv.startsWith('\uFEFF网格,楼栋')).toBe(true);
  });
});
