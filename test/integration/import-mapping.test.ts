import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileOut, ImportJob, ImportReport, SavedMapping } from '../../shared/contract/data.contract';
import type { TagRow } from '../../shared/contract/register.contract';
import { importJobs } from '../../electron/import/import-jobs';
import { PROBLEM_HEADER } from '../../electron/import/rejected-rows';
import { communityRows, toCsv, toXlsx, uniqueCitizenId, type SheetRow } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';
import type { z } from 'zod';

type File = z.infer<typeof FileOut>;
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');
const csvIn = (name: string, rows: SheetRow[]) => ({ fileName: name, dataBase64: b64(toCsv(rows)) });

/** Values no rule of the importer knows, here or after any synonym table: only a mapping helps. */
const PUBLIC_RENT = '公租房';
const DORM = '单位宿舍';
const FLOOR_LEAD = '楼组长';

/** Households 0, 2, 4 … (3 rows each) say 公租房; every 7th household has 楼组长 beside 党员户. */
function sheetWithUnknowns(n: number, seed: number, offset: number): SheetRow[] {
  return communityRows(n, seed, offset).map((r, i) => {
    const h = Math.floor(i / 3);
    return { ...r, residenceType: h % 2 === 0 ? PUBLIC_RENT : r.residenceType, tags: h % 7 === 0 ? `党员户、${FLOOR_LEAD}` : r.tags };
  });
}

/** Brute force over the rows as written: spreadsheet row numbers (header = 1) holding `pred`. */
const rowsWhere = (rows: SheetRow[], pred: (r: SheetRow) => boolean) => rows.map((r, i) => (pred(r) ? i + 2 : 0)).filter(Boolean);

async function waitJob(v: TestVault, client: string, jobId: string): Promise<ImportJob> {
  for (;;) {
    const j = await v.ok<ImportJob>(client, 'importer.job', { jobId });
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function auditOf(v: TestVault, action: string): Promise<{ actor: string; details: Record<string, unknown> }[]> {
  const rows: { actor: string; details: string }[] = await v.core.services.db.manager.query(
    'SELECT actor, details FROM audit_log WHERE action = ? ORDER BY seq',
    [action],
  );
  return rows.map((r) => ({ actor: r.actor, details: JSON.parse(r.details) }));
}

describe('unknown values: grouped in the dry run, mapped by a keeper, reused by the next import', () => {
  const v = new TestVault();
  let keeper: string;
  beforeAll(async () => {
    await v.setup();
    // The default palette (created lazily today; from the archive's creation once issue 12 item 1 lands).
    await v.ok('admin', 'tags.list');
    keeper = await v.userWithRole('keeper', 'keeper');
    await v.userWithRole('clerk', 'clerk');
  });
  afterAll(() => v.destroy());

  it('groups unknown values by column and value with counts, first rows and the allowed values; row errors stay per row', async () => {
    const rows = sheetWithUnknowns(60, 3, 1000);
    rows[40].residenceType = DORM;
    const badId = String(rows[10].citizenId);
    rows[10].citizenId = badId.slice(0, 17) + (badId.endsWith('0') ? '1' : '0');
    const r = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('居民.csv', rows));

    const rent = rowsWhere(rows, (x) => x.residenceType === PUBLIC_RENT);
    const lead = rowsWhere(rows, (x) => String(x.tags).includes(FLOOR_LEAD));
    expect(rent.length).toBe(30);
    expect(r.unknownValues).toEqual([
      { columnKey: 'residenceType', column: '居住类型', value: PUBLIC_RENT, count: rent.length, rows: rent.slice(0, 5), allowed: ['自有', '租住', '其他'] },
      {
        columnKey: 'tags',
        column: '户标签',
        value: FLOOR_LEAD,
        count: lead.length,
        rows: lead.slice(0, 5),
        allowed: expect.arrayContaining(['楼长', '党员户', '低保户']),
      },
      { columnKey: 'residenceType', column: '居住类型', value: DORM, count: 1, rows: [42], allowed: ['自有', '租住', '其他'] },
    ]);
    expect(r.unknownGroupCount).toBe(3);
    // The one row-level error is listed by its row, before any unknown value.
    expect(r.rowIssueCount).toBe(1);
    expect(r.issues[0]).toMatchObject({ row: 12, column: '公民身份号码' });
    expect(r.issues.filter((i) => !i.unknown)).toHaveLength(1);
    expect(r.issueCount).toBe(rent.length + lead.length + 1 + 1);
    expect(r.rejectedRows).toBe(new Set([...rent, ...lead, 42, 12]).size);
    expect(r.appliedMappings).toEqual([]);
  });

  it('a saved mapping (audited, keeper and admin only, targets checked) makes the sheet import; the next import reuses it', async () => {
    const rows = sheetWithUnknowns(30, 4, 2000);
    const bad = await v.call('keeper', 'importer.saveMappings', { mappings: [{ columnKey: 'residenceType', value: PUBLIC_RENT, target: '公房' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.zh).toContain('只能映射为：自有 / 租住 / 其他');
      expect(bad.error.en).toContain('"公房" is not one of them');
    }
    const noTag = await v.call('keeper', 'importer.saveMappings', { mappings: [{ columnKey: 'tags', value: FLOOR_LEAD, target: '不存在' }] });
    expect(!noTag.ok && noTag.error.zh).toContain('不存在');
    const notCoded = await v.call('keeper', 'importer.saveMappings', { mappings: [{ columnKey: 'name', value: '张三', target: '李四' }] });
    expect(!notCoded.ok && notCoded.error.zh).toContain('不能映射');
    const clerk = await v.call('clerk', 'importer.saveMappings', { mappings: [{ columnKey: 'residenceType', value: PUBLIC_RENT, target: '租住' }] });
    expect(!clerk.ok && clerk.error.code).toBe('FORBIDDEN');
    expect(await v.ok<SavedMapping[]>('keeper', 'importer.mappings')).toEqual([]);

    const saved = await v.ok<SavedMapping[]>('keeper', 'importer.saveMappings', {
      mappings: [
        { columnKey: 'residenceType', value: PUBLIC_RENT, target: '租住' },
        { columnKey: 'tags', value: FLOOR_LEAD, target: '楼长' },
      ],
    });
    expect(saved.map((m) => [m.column, m.value, m.target, m.createdBy])).toEqual([
      ['居住类型', PUBLIC_RENT, '租住', keeper],
      ['户标签', FLOOR_LEAD, '楼长', keeper],
    ]);
    const audit = await auditOf(v, 'import.mapping.save');
    expect(audit.map((a) => [a.actor, a.details.column, a.details.value, a.details.target, a.details.before])).toEqual([
      [keeper, 'residenceType', PUBLIC_RENT, '租住', null],
      [keeper, 'tags', FLOOR_LEAD, '楼长', null],
    ]);

    const dry = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('居民.csv', rows));
    expect(dry.issueCount, JSON.stringify(dry.issues.slice(0, 3))).toBe(0);
    const rent = rowsWhere(rows, (x) => x.residenceType === PUBLIC_RENT);
    const lead = rowsWhere(rows, (x) => String(x.tags).includes(FLOOR_LEAD));
    expect(dry.appliedMappings).toEqual([
      { columnKey: 'residenceType', column: '居住类型', value: PUBLIC_RENT, target: '租住', count: rent.length, saved: true },
      { columnKey: 'tags', column: '户标签', value: FLOOR_LEAD, target: '楼长', count: lead.length, saved: true },
    ]);
    const { jobId } = await v.ok<{ jobId: string }>('keeper', 'importer.start', csvIn('居民.csv', rows));
    expect((await waitJob(v, 'keeper', jobId)).state).toBe('done');

    const m = v.core.services.db.manager;
    const rentedRooms = async (grid: string) =>
      Number(
        (
          await m.query(
            "SELECT count(*) AS n FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE g.name = ? AND h.residence_type = 'rented'",
            [grid],
          )
        )[0].n,
      );
    const leadHouseholds = async () =>
      Number((await m.query("SELECT count(*) AS n FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE t.name = '楼长'"))[0].n);
    // Every household of the sheet is in 第1网格; 公租房 households are even ones, plus the sheet's own 租住 ones.
    const expectRented = new Set(
      rows.map((r, i) => (r.residenceType === PUBLIC_RENT || r.residenceType === '租住' ? Math.floor(i / 3) : -1)).filter((h) => h >= 0),
    ).size;
    expect(await rentedRooms('第1网格')).toBe(expectRented);
    const leadsAfterFirst = await leadHouseholds();
    expect(leadsAfterFirst).toBe(new Set(lead.map((row) => Math.floor((row - 2) / 3))).size);
    const commits = await auditOf(v, 'import.commit');
    expect(commits.at(-1)!.details.mappings).toEqual([
      { column: 'residenceType', value: PUBLIC_RENT, target: '租住', rows: rent.length },
      { column: 'tags', value: FLOOR_LEAD, target: '楼长', rows: lead.length },
    ]);

    // The next sheet (other people, other grid) with the same values: no step needed, mapping reused.
    const next = sheetWithUnknowns(12, 5, 3000).map((r) => ({ ...r, grid: '第二网格' }));
    const again = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('下一批.csv', next));
    expect(again.issueCount).toBe(0);
    expect(again.appliedMappings.map((a) => [a.value, a.count])).toEqual([
      [PUBLIC_RENT, rowsWhere(next, (x) => x.residenceType === PUBLIC_RENT).length],
      [FLOOR_LEAD, 3],
    ]);
    const j2 = await v.ok<{ jobId: string }>('keeper', 'importer.start', csvIn('下一批.csv', next));
    expect((await waitJob(v, 'keeper', j2.jobId)).state).toBe('done');
    expect(await rentedRooms('第二网格')).toBe(
      new Set(next.map((r, i) => (r.residenceType === PUBLIC_RENT || r.residenceType === '租住' ? Math.floor(i / 3) : -1)).filter((h) => h >= 0)).size,
    );
    expect(await leadHouseholds()).toBe(leadsAfterFirst + 1);

    // Removing one: audited, and the value is unknown again.
    await v.ok('keeper', 'importer.removeMapping', { columnKey: 'residenceType', value: PUBLIC_RENT });
    expect((await auditOf(v, 'import.mapping.remove')).map((a) => [a.actor, a.details.value, a.details.target])).toEqual([[keeper, PUBLIC_RENT, '租住']]);
    const after = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('下一批.csv', next));
    expect(after.unknownValues.map((g) => g.value)).toEqual([PUBLIC_RENT]);
    expect(after.appliedMappings.map((a) => a.value)).toEqual([FLOOR_LEAD]);
    const gone = await v.call('keeper', 'importer.removeMapping', { columnKey: 'residenceType', value: PUBLIC_RENT });
    expect(!gone.ok && gone.error.code).toBe('NOT_FOUND');
  });

  it('a tag created from the mapping step (through the tags service, audited) is found by the next dry run', async () => {
    const rows = communityRows(6, 6, 4000).map((r) => ({ ...r, grid: '第三网格', tags: '独居老人、空巢老人' }));
    const before = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('a.csv', rows));
    expect(before.unknownValues).toMatchObject([{ columnKey: 'tags', value: '空巢老人', count: 6 }]);
    const tag = await v.ok<TagRow>('keeper', 'tags.save', { name: '空巢老人', color: '#13a8a8', code: '空', discreet: true, order: 20 });
    expect((await auditOf(v, 'tag.create')).at(-1)).toMatchObject({ actor: keeper, details: { after: { name: '空巢老人', code: '空' } } });
    const after = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('a.csv', rows));
    expect(after.issueCount).toBe(0);
    const { jobId } = await v.ok<{ jobId: string }>('keeper', 'importer.start', csvIn('a.csv', rows));
    expect((await waitJob(v, 'keeper', jobId)).state).toBe('done');
    expect(Number((await v.core.services.db.manager.query('SELECT count(*) AS n FROM household_tags WHERE tag_id = ?', [tag.id]))[0].n)).toBe(2);
  });

  it('rejected rows: an XLSX with the sheet headers and a 问题 column; clean rows import alone; the corrected file re-imports', async () => {
    const rows = communityRows(24, 9, 5000).map((r) => ({ ...r, grid: '第四网格' }));
    const right = String(rows[3].citizenId);
    rows[3].citizenId = right.slice(0, 17) + (right.endsWith('0') ? '1' : '0');
    rows[7].residenceType = DORM;
    rows[7].birthDate = '1990-02-30';
    rows[15].tags = '不存在的标签';
    const bytes = await toXlsx(rows);
    const file = { fileName: '居民.xlsx', dataBase64: b64(bytes) };
    const dry = await v.ok<ImportReport>('keeper', 'importer.dryRun', file);
    expect(dry.rejectedRows).toBe(3);
    expect(dry.validRows).toBe(21);

    const out = await v.ok<File>('keeper', 'importer.rejectedRows', file);
    expect(out.fileName).toBe('居民-需修改的行.xlsx');
    expect(out.rows).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const original = new ExcelJS.Workbook();
    await original.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(header).toEqual([...(original.worksheets[0].getRow(1).values as unknown[]).slice(1), PROBLEM_HEADER]);
    expect(ws.actualRowCount).toBe(4);
    const col = (name: string) => header.indexOf(name) + 1;
    const problem = (r: number) => String(ws.getRow(r).getCell(col(PROBLEM_HEADER)).value);
    expect(ws.getRow(2).getCell(col('姓名')).value).toBe(rows[3].name);
    expect(problem(2)).toContain('原第 5 行');
    expect(problem(2)).toContain('公民身份号码');
    expect(problem(3)).toContain('居住类型');
    expect(problem(3)).toContain('日期不存在');
    expect(problem(4)).toContain('未知的户标签“不存在的标签”');
    expect(ws.getColumn(col('公民身份号码')).numFmt).toBe('@');

    // The clean rows land; the rejected ones are left out, the archive knows none of them yet.
    const m = v.core.services.db.manager;
    const count = async () =>
      Number((await m.query("SELECT count(*) AS n FROM residents r JOIN households h ON h.id = r.household_id WHERE h.address LIKE '第四网格%'"))[0].n);
    const refused = await v.call('keeper', 'importer.start', file);
    expect(refused.ok).toBe(false);
    const partial = await v.ok<{ jobId: string }>('keeper', 'importer.start', { ...file, skipRejected: true });
    const job = await waitJob(v, 'keeper', partial.jobId);
    expect(job.state).toBe('done');
    expect(job.report?.rejectedRows).toBe(3);
    expect(await count()).toBe(21);
    expect((await auditOf(v, 'import.commit')).at(-1)!.details).toMatchObject({ skippedRows: 3, counts: { residentsCreated: 21 } });

    // Corrected in the rejected-rows file itself (the 问题 column stays): all three import.
    ws.getRow(2).getCell(col('公民身份号码')).value = right;
    ws.getRow(3).getCell(col('居住类型')).value = '租住';
    ws.getRow(3).getCell(col('出生日期')).value = '';
    ws.getRow(4).getCell(col('户标签')).value = '低保户';
    const fixed = { fileName: '居民-需修改的行.xlsx', dataBase64: b64(Buffer.from(await wb.xlsx.writeBuffer())) };
    const check = await v.ok<ImportReport>('keeper', 'importer.dryRun', fixed);
    expect(check.issueCount, JSON.stringify(check.issues)).toBe(0);
    expect(check.counts).toMatchObject({ residentsCreated: 3, householdsCreated: 0 });
    const fin = await v.ok<{ jobId: string }>('keeper', 'importer.start', fixed);
    expect((await waitJob(v, 'keeper', fin.jobId)).state).toBe('done');
    expect(await count()).toBe(24);
    // And the whole original sheet now re-imports cleanly once corrected the same way: nothing new.
    const whole = rows.map((r, i) =>
      i === 3 ? { ...r, citizenId: right } : i === 7 ? { ...r, residenceType: '租住', birthDate: '' } : i === 15 ? { ...r, tags: '低保户' } : r,
    );
    const re = await v.ok<ImportReport>('keeper', 'importer.dryRun', csvIn('居民.csv', whole));
    expect(re.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 24 });
    expect(uniqueCitizenId(0)).toHaveLength(18);
  });
});

describe('importJobs directly: skipRejected never writes a sheet with no clean row', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
  });
  afterAll(() => v.destroy());

  it('refuses when every row is rejected', async () => {
    const rows = communityRows(3, 2, 6000).map((r) => ({ ...r, residenceType: DORM }));
    const jobs = importJobs(v.core);
    const job = await jobs.wait(jobs.start({ username: 'admin' }, 'a.csv', Buffer.from(toCsv(rows)), { skipRejected: true }));
    expect(job.state).toBe('failed');
    expect(job.report?.rejectedRows).toBe(3);
    expect(Number((await v.core.services.db.manager.query('SELECT count(*) AS n FROM residents'))[0].n)).toBe(0);
  });
});
