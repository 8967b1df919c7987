import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob, ImportReport } from '../../shared/contract/data.contract';
import { importJobs } from '../../electron/import/import-jobs';
import { ImportService } from '../../electron/import/import.service';
import { communityRows, encodeGb18030, toCsv, toXlsx, uniqueCitizenId } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';

const actor = { username: 'admin' };

async function counts(v: TestVault) {
  const m = v.core.services.db.manager;
  const n = async (t: string) => Number((await m.query(`SELECT count(*) AS n FROM ${t}`))[0].n);
  return { grids: await n('grids'), households: await n('households'), residents: await n('residents'), records: await n('archive_records'), tags: await n('household_tags'), audit: await n('audit_log') };
}

describe('import of the basic-information sheet', () => {
  const v = new TestVault();
  let svc: ImportService;
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    svc = new ImportService(v.core);
  });
  afterAll(() => v.destroy());

  it('dry run of a clean XLSX reports what would be created, and writes nothing', async () => {
    const before = await counts(v);
    const r = await svc.dryRun('居民.xlsx', await toXlsx(communityRows(30)));
    expect(r.issueCount, JSON.stringify(r.issues)).toBe(0);
    expect(r.counts).toMatchObject({ residentsCreated: 30, householdsCreated: 10, recordsCreated: 30, grids: 1 });
    expect(await counts(v)).toEqual(before);
  });

  it('commits all rows in one job with one audit entry; re-import updates instead of duplicating', async () => {
    const bytes = await toXlsx(communityRows(30));
    const before = await counts(v);
    const jobs = importJobs(v.core);
    const job = await jobs.wait(jobs.start(actor, '居民.xlsx', bytes));
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.progress.done).toBe(job.progress.total);
    const after = await counts(v);
    expect(after.residents - before.residents).toBe(30);
    expect(after.records - before.records).toBe(30);
    expect(after.households - before.households).toBe(10);
    expect(after.audit - before.audit).toBe(1);
    const heads: { n: number }[] = await v.core.services.db.manager.query("SELECT count(*) AS n FROM households h JOIN residents r ON r.id = h.head_resident_id WHERE r.relation_to_head = '户主'");
    expect(Number(heads[0].n)).toBe(10);
    const again = await jobs.wait(jobs.start(actor, '居民.xlsx', bytes));
    expect(again.state).toBe('done');
    expect(again.report?.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 30, recordsCreated: 0, householdsCreated: 0 });
    const final = await counts(v);
    expect({ ...final, audit: 0 }).toEqual({ ...after, audit: 0 });
  });

  it('reads GB18030 and UTF-8-with-BOM CSV files the same way', async () => {
    const rows = communityRows(9, 11, 5000);
    const gb = await svc.dryRun('居民.csv', encodeGb18030(toCsv(rows)));
    expect(gb.encoding).toBe('gb18030');
    expect(gb.issueCount, JSON.stringify(gb.issues)).toBe(0);
    expect(gb.counts.residentsCreated).toBe(9);
    const bom = await svc.dryRun('居民.csv', Buffer.from(`\uFEFF${toCsv(rows)}`, 'utf8'));
    expect(bom.encoding).toBe('utf-8');
    expect(bom.counts).toEqual(gb.counts);
    // English headers are accepted too.
    const en = toCsv(rows).replace(/^[^\r\n]*/, 'Grid,Building,Unit,Room,Name,Relation to head,Gender,Birth date,Citizen ID,Ethnicity,Political status,Education,Occupation,Employer,Phone,Household registration place,Move-in date,Residence type,Resident type,Marital status,Health,Disability,Medical insurance,Social insurance,Subsistence allowance,Family planning,Household tags,Notes');
    expect((await svc.dryRun('en.csv', Buffer.from(en))).counts).toEqual(gb.counts);
  });

  it('names every bad row: scientific-notation IDs (text and number cells), check digit, tag, date, duplicates', async () => {
    const rows = communityRows(8, 3, 9000);
    rows[0].citizenId = '1.10105E+17';
    rows[1].citizenId = `${String(rows[1].citizenId).slice(0, 17)}${String(rows[1].citizenId).endsWith('0') ? '1' : '0'}`;
    rows[2].tags = '党员户、不存在的标签';
    rows[3].birthDate = '2001-02-30';
    rows[4].citizenId = rows[5].citizenId;
    const csv = await svc.dryRun('bad.csv', Buffer.from(toCsv(rows)));
    const at = (row: number) => csv.issues.filter((i) => i.row === row);
    expect(at(2)[0]).toMatchObject({ column: '公民身份号码', value: '1.10105E+17' });
    expect(at(2)[0].zh).toContain('科学计数法');
    expect(at(3)[0].en).toContain('check digit');
    expect(at(4)[0]).toMatchObject({ column: '户标签', value: '不存在的标签' });
    expect(at(5)[0].en).toContain('impossible');
    expect(at(7)[0].zh).toContain('第 6 行');
    expect(csv.issueCount).toBe(5);
    expect(Buffer.from(csv.reportCsvBase64, 'base64').toString('utf8')).toContain('科学计数法');

    // In XLSX, Excel's own number cell: the importer must not read it as text.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(communityRows(2, 3, 9100))) as unknown as ArrayBuffer);
    wb.worksheets[0].getRow(3).getCell(9).value = 110105195001011230;
    const xlsx = await svc.dryRun('num.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(xlsx.issues).toHaveLength(1);
    expect(xlsx.issues[0]).toMatchObject({ row: 3, column: '公民身份号码' });
    expect(xlsx.issues[0].en).toContain('scientific notation');
  });

  it('an ID already registered to someone else is refused; a bad row leaves the archive unchanged', async () => {
    const taken = communityRows(1, 7)[0]; // imported by the commit test above
    const rows = communityRows(5, 21, 20000);
    rows[4] = { ...rows[4], citizenId: taken.citizenId };
    const before = await counts(v);
    const r = await svc.dryRun('conflict.csv', Buffer.from(toCsv(rows)));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ row: 6, column: '公民身份号码' });
    const refused = await v.call('admin', 'importer.start', { fileName: 'conflict.csv', dataBase64: Buffer.from(toCsv(rows)).toString('base64') });
    expect(refused.ok).toBe(false);
    const jobs = importJobs(v.core);
    const job = await jobs.wait(jobs.start(actor, 'conflict.csv', Buffer.from(toCsv(rows))));
    expect(job.state).toBe('failed');
    expect(job.report?.issueCount).toBe(1);
    expect(await counts(v)).toEqual(before);
  });

  it('runs through the channels: template, dry run, start, job polling, cancel rolls back', async () => {
    const t = await v.ok<{ dataBase64: string }>('admin', 'importer.template');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(t.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toContain('公民身份号码');
    expect(wb.worksheets[0].getColumn(9).numFmt).toBe('@');

    const keeper = await v.userWithRole('keeper', 'keeper');
    expect(keeper).toBeTruthy();
    const clerk = await v.userWithRole('clerk', 'clerk');
    expect(clerk).toBeTruthy();
    const data = Buffer.from(toCsv(communityRows(3000, 5, 30000))).toString('base64');
    expect((await v.call('clerk', 'importer.dryRun', { fileName: 'a.csv', dataBase64: data })).ok).toBe(false);
    const dry = await v.ok<ImportReport>('keeper', 'importer.dryRun', { fileName: 'a.csv', dataBase64: data });
    expect(dry.counts.residentsCreated).toBe(3000);

    const before = await counts(v);
    const { jobId } = await v.ok<{ jobId: string }>('keeper', 'importer.start', { fileName: 'a.csv', dataBase64: data });
    await v.ok('keeper', 'importer.cancel', { jobId });
    const cancelled = await importJobs(v.core).wait(jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(await counts(v)).toEqual(before);

    const again = await v.ok<{ jobId: string }>('keeper', 'importer.start', { fileName: 'a.csv', dataBase64: data });
    let seen: ImportJob;
    do {
      await new Promise((r) => setTimeout(r, 20));
      seen = await v.ok<ImportJob>('keeper', 'importer.job', { jobId: again.jobId });
    } while (seen.state === 'running');
    expect(seen.state).toBe('done');
    expect(seen.progress.done).toBe(seen.progress.total);
    expect((await counts(v)).residents - before.residents).toBe(3000);
    const audit: { action: string; details: string }[] = await v.core.services.db.manager.query("SELECT action, details FROM audit_log WHERE action = 'import.commit' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(audit[0].details)).toMatchObject({ rows: 3000, counts: { residentsCreated: 3000 } });
    expect(audit[0].details).not.toContain(String(communityRows(1, 5, 30000)[0].citizenId));
  });

  it('matches by name within the household when the sheet has no IDs (re-import stays idempotent)', async () => {
    const rows = communityRows(6, 8, 40000).map((r) => ({ ...r, citizenId: '', grid: '无证网格' }));
    const jobs = importJobs(v.core);
    expect((await jobs.wait(jobs.start(actor, 'n.csv', Buffer.from(toCsv(rows))))).report?.counts.residentsCreated).toBe(6);
    const before = await counts(v);
    const second = await jobs.wait(jobs.start(actor, 'n.csv', Buffer.from(toCsv(rows))));
    expect(second.report?.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 6 });
    expect({ ...(await counts(v)), audit: 0 }).toEqual({ ...before, audit: 0 });
    expect(uniqueCitizenId(1)).toHaveLength(18);
  });
});
