import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/contract/data.contract';
import { ImportService } from '../../electron/import/import.service';
import { communityRows, toCsv, type SheetRow } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';

const ctl = { onProgress: () => undefined, isCancelled: () => false };
/** Row i of a generated sheet is line i + 2 of its CSV (the header is line 1). */
const line = (i: number) => i + 2;
const address = (r: SheetRow) => ({ grid: r.grid, building: r.building, unit: r.unit, room: r.room });

/**
 * The import streams a sheet in batches of 5 000 rows and looks the archive up per batch (by the
 * batch's addresses and citizen IDs), keeping only small keys between batches. Here, over an archive
 * that already holds 6 000 of the sheet's people, what a row in the third batch must still know of
 * the first: the archive as it was before the import (though the commit has rewritten those people
 * by then), the households it has begun, and the 档号 already taken.
 */
describe('import across batches: later rows see the archive as it was and what earlier batches planned', () => {
  const v = new TestVault();
  const svc = new ImportService(v.core);
  const q = <T>(sql: string, params: unknown[] = []) => v.core.services.db.manager.query(sql, params) as Promise<T[]>;
  const sheet = communityRows(12_000, 11);
  const residentOf = async (row: SheetRow) =>
    (
      await q<{ id: string; household_id: string; citizen_id: string | null }>('SELECT id, household_id, citizen_id FROM residents WHERE citizen_id = ?', [
        row.citizenId,
      ])
    )[0];
  const householdAt = async (row: SheetRow) =>
    (
      await q<{ id: string; residence_type: string; head_resident_id: string | null }>(
        'SELECT h.id, h.residence_type, h.head_resident_id FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE g.name = ? AND b.name = ? AND u.name = ? AND h.room = ?',
        [row.grid, row.building, row.unit, row.room],
      )
    )[0];

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    // A 档号 per household (one prefix each), so a new person in an old household continues its numbers.
    await v.ok('admin', 'settings.update', { archiveNoPattern: '{社区}-{网格}-{楼栋}-{单元}-{户}-{序号:3}' });
    const first = await svc.commit({ username: 'admin' }, 'first.csv', Buffer.from(toCsv(sheet.slice(0, 6_000))), ctl, { basicRecords: true });
    expect(first.counts).toMatchObject({ residentsCreated: 6_000, recordsCreated: 6_000 });
  }, 240_000);
  afterAll(() => v.destroy());

  it('the dry run and the commit give the same answers; rows far apart are judged as one sheet', async () => {
    const before30 = await residentOf(sheet[30]);
    const before60 = await residentOf(sheet[60]);
    const rows = sheet.map((r) => ({ ...r }));
    // Batch 1: person 30 (in the archive) moves to a household the sheet creates (that of row 9 000) …
    Object.assign(rows[30], address(sheet[9_000]), { relationToHead: '子女' });
    // … and batch 3 names them again, without an ID, in the household they had: the same person twice.
    Object.assign(rows[11_000], address(sheet[30]), { name: sheet[30].name, citizenId: '', relationToHead: '子女' });
    // Batch 1: person 60 is matched by name in their household, the sheet's ID cell empty (the commit clears it) …
    rows[60].citizenId = '';
    // … and batch 3 carries their old ID: the same person again.
    Object.assign(rows[11_100], { name: sheet[60].name, citizenId: sheet[60].citizenId });
    // A household the sheet begins in batch 2 (rows 6 000–6 002) is finished in batch 3: its head there,
    // and a tag; its residence type was given in batch 2 only.
    rows[6_000].relationToHead = '配偶';
    Object.assign(rows[10_500], address(sheet[6_000]), { relationToHead: '户主', residenceType: '', tags: '党员户' });
    // Another (rows 6 003–6 005): head in batch 2, residence type changed in batch 3.
    Object.assign(rows[10_503], address(sheet[6_003]), { relationToHead: '子女', residenceType: sheet[6_003].residenceType === '租住' ? '自有' : '租住' });
    // Batch 3 adds a person to a household of the archive (rows 0–2, 档号 …-001 to -003 taken).
    Object.assign(rows[10_600], address(sheet[0]), { relationToHead: '子女' });
    const csv = Buffer.from(toCsv(rows));

    const dry = await svc.dryRun('b.csv', csv, { basicRecords: true });
    expect(dry.issues.map((i) => [i.row, i.zh])).toEqual([
      [line(11_000), `与第 ${line(30)} 行对应同一位已登记居民`],
      [line(11_100), `与第 ${line(60)} 行对应同一位已登记居民`],
    ]);
    // The commit re-plans in its transaction, by then holding batches 1 and 2 written: the same report.
    const refused = await svc.commit({ username: 'admin' }, 'b.csv', csv, ctl, { basicRecords: true }).catch((e: { report?: ImportReport }) => e.report);
    expect(refused).toEqual(dry);

    const r = await svc.commit({ username: 'admin' }, 'b.csv', csv, ctl, { basicRecords: true, skipRejected: true });
    expect(r.rejectedRows).toBe(2);
    expect(r.counts).toEqual(dry.counts);
    expect(r.counts).toMatchObject({ residentsUpdated: 6_000, residentsCreated: 5_998, recordsCreated: 5_998 });
    // Person 30 moved, person 60 lost the ID; neither was made twice.
    expect(await residentOf(sheet[30])).toEqual({ ...before30, household_id: (await householdAt(sheet[9_000])).id });
    expect((await q<{ citizen_id: string | null }>('SELECT citizen_id FROM residents WHERE id = ?', [before60.id]))[0].citizen_id).toBeNull();
    expect(await residentOf(sheet[60])).toBeUndefined();
    // The households finished in batch 3 keep what batch 2 gave them and take what batch 3 set.
    const split = await householdAt(sheet[6_000]);
    expect(split).toEqual({
      id: split.id,
      residence_type: sheet[6_000].residenceType === '租住' ? 'rented' : 'own',
      head_resident_id: (await residentOf(sheet[10_500])).id,
    });
    const tags = await q<{ name: string }>('SELECT t.name FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id = ?', [split.id]);
    expect(tags.map((t) => t.name)).toContain('党员户');
    const other = await householdAt(sheet[6_003]);
    expect(other).toEqual({
      id: other.id,
      residence_type: sheet[6_003].residenceType === '租住' ? 'own' : 'rented',
      head_resident_id: (await residentOf(sheet[6_003])).id,
    });
    // The newcomer to an old household continues its 档号; every 档号 is unique.
    const nos = await q<{ archive_no: string }>(
      "SELECT a.archive_no FROM archive_records a JOIN residents r ON r.id = a.resident_id WHERE r.household_id = ? AND a.content_category = 'basic' ORDER BY a.archive_no",
      [(await householdAt(sheet[0])).id],
    );
    expect(nos.map((n) => n.archive_no.slice(-4))).toEqual(['-001', '-002', '-003', '-004']);
    expect(Number((await q<{ d: number }>('SELECT count(*) - count(DISTINCT archive_no) AS d FROM archive_records'))[0].d)).toBe(0);
    expect(Number((await q<{ n: number }>('SELECT count(*) AS n FROM archive_records'))[0].n)).toBe(6_000 + 5_998);
  }, 300_000);

  it('rejected rows of a workbook of several worksheets: row 3 of one worksheet is not row 3 of the other', async () => {
    const wb = new ExcelJS.Workbook();
    const head = ['网格', '楼栋', '单元', '房号', '姓名', '公民身份号码'];
    wb.addWorksheet('甲').addRows([head, ['第9网格', '1号楼', '1单元', '101', '张甲', ''], ['第9网格', '1号楼', '1单元', '102', '王甲', '110105195001011230']]);
    wb.addWorksheet('乙').addRows([head, ['第9网格', '2号楼', '1单元', '101', '张乙', ''], ['第9网格', '2号楼', '1单元', '102', '王乙', '']]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await svc.dryRun('two.xlsx', bytes);
    expect(dry.issues.map((i) => [i.sheet, i.row, i.columnKey])).toEqual([['甲', 3, 'citizenId']]);
    const out = await svc.rejectedRows('two.xlsx', bytes);
    expect(out.rows).toBe(1);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(out.buffer as unknown as ArrayBuffer);
    const names = back.worksheets[0].getSheetValues().flatMap((r) => (Array.isArray(r) ? [String(r[5] ?? '')] : []));
    expect(names).toEqual(['姓名', '王甲']);
  });
});
