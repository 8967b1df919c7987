import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/contract/data.contract';
import { ImportService } from '../../electron/import/import.service';
import { runCliChild } from '../helpers/cli-child';
import { messyCommunity, messyCsvGb18030, messyXlsx, type MessyCommunity, type MessyResident } from '../helpers/messy-sheets';
import { ADMIN, initEnv, tempDir, TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

const BIN = join(__dirname, '../../bin/archive-room.cjs');

type Snapshot = {
  byGrid: Record<string, { households: number; residents: number }>;
  byTag: Record<string, number>;
  residents: Record<string, Record<string, unknown>>;
  households: Record<string, { residence: string; head: string | null }>;
};

/** What the archive must hold for these communities, counted straight from the generated data. */
function expected(communities: MessyCommunity[]): Snapshot {
  const s: Snapshot = { byGrid: {}, byTag: {}, residents: {}, households: {} };
  for (const c of communities) {
    for (const h of c.households) {
      const g = (s.byGrid[h.grid] ??= { households: 0, residents: 0 });
      g.households++;
      g.residents += h.members.length;
      for (const t of h.tags[1]) s.byTag[t] = (s.byTag[t] ?? 0) + 1;
      s.households[[h.grid, h.building, h.unit, h.room].join('/')] = { residence: h.residence[1], head: h.members.find((m) => m.isHead)!.citizenId };
      for (const p of h.members) s.residents[p.citizenId] = storedOf(p);
    }
  }
  return s;
}

const storedOf = (p: MessyResident) => ({
  name: p.name,
  gender: p.gender,
  birth_date: p.birth,
  move_in_date: p.moveIn,
  phone: p.phone,
  relation_to_head: p.relation,
  resident_type: p.residentType[1],
  ethnicity: p.fields.ethnicity[1],
  political_status: p.fields.politicalStatus[1],
  education: p.fields.education[1],
  marital_status: p.fields.maritalStatus[1],
  medical_insurance: p.fields.medicalInsurance[1],
  social_insurance: p.fields.socialInsurance[1],
  subsistence: p.fields.subsistence[1],
});

/** The same, read back from the archive. */
async function actual(v: TestVault): Promise<Snapshot> {
  const m = v.core.services.db.manager;
  const s: Snapshot = { byGrid: {}, byTag: {}, residents: {}, households: {} };
  const grids: { grid: string; households: number; residents: number }[] = await m.query(`
    SELECT g.name AS grid, count(DISTINCT h.id) AS households, count(r.id) AS residents
    FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id
    LEFT JOIN residents r ON r.household_id = h.id GROUP BY g.name`);
  for (const g of grids) s.byGrid[g.grid] = { households: Number(g.households), residents: Number(g.residents) };
  const tags: { name: string; n: number }[] = await m.query(
    'SELECT t.name, count(*) AS n FROM household_tags ht JOIN tags t ON t.id = ht.tag_id GROUP BY t.name',
  );
  for (const t of tags) s.byTag[t.name] = Number(t.n);
  const cols = Object.keys(
    storedOf({
      fields: { ethnicity: [], politicalStatus: [], education: [], maritalStatus: [], medicalInsurance: [], socialInsurance: [], subsistence: [] },
      residentType: [],
    } as never),
  );
  const rows: Record<string, unknown>[] = await m.query(`SELECT citizen_id, ${cols.join(', ')} FROM residents`);
  for (const { citizen_id, ...rest } of rows) s.residents[String(citizen_id)] = rest;
  const hh: { k: string; residence: string; head: string | null }[] = await m.query(`
    SELECT g.name || '/' || b.name || '/' || u.name || '/' || h.room AS k, h.residence_type AS residence, r.citizen_id AS head
    FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id
    LEFT JOIN residents r ON r.id = h.head_resident_id`);
  for (const h of hh) s.households[h.k] = { residence: h.residence, head: h.head };
  return s;
}

describe("a community office's own spreadsheets import on day one (archive-room init, then import)", () => {
  const dir = tempDir('archive-messy-');
  const work = tempDir('archive-messy-files-');
  const taken = new Set<string>();
  const xlsxCommunity = messyCommunity({ buildings: 8, seed: 12, taken });
  const csvCommunity = messyCommunity({ buildings: 4, seed: 31, idBase: 40, gridBase: 4, csv: true, taken });
  const xlsxFile = join(work, '幸福社区居民信息登记表.xlsx');
  const csvFile = join(work, '居民信息登记表-GB18030.csv');
  let layout: Map<MessyResident, [string, number]>;
  const cli = (args: string[]) => runCliChild([...args, '--data-dir', dir, '--user', ADMIN.username], ADMIN.password, '\u0000', null);
  const open = async () => {
    const v = new TestVault(dir);
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    return v;
  };

  beforeAll(async () => {
    // The archive as a keeper creates it, and nothing else: no screen has listed the tags.
    const init = spawnSync(process.execPath, [BIN, 'init', '--admin', ADMIN.username, '--community', '幸福社区', '--data-dir', dir], {
      encoding: 'utf8',
      // In the postgres project the archive's tables go into a database of the run's cluster.
      env: { ...process.env, ...initEnv(), ARCHIVE_ROOM_PASSWORD: ADMIN.password },
      input: '',
    });
    expect(init.status, init.stderr).toBe(0);
    expect(existsSync(join(dir, 'database.json')), "the archive lives in this project's engine").toBe(TEST_ENGINE === 'postgres');
    const x = await messyXlsx(xlsxCommunity);
    layout = x.layout;
    writeFileSync(xlsxFile, x.bytes);
    writeFileSync(csvFile, messyCsvGb18030(csvCommunity).bytes);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('the generated data covers what offices write: every date form, ID form, and several households per tag', () => {
    const forms = new Set(xlsxCommunity.residents.map((p) => p.birthForm));
    expect(forms.size).toBe(11);
    expect(new Set(xlsxCommunity.residents.map((p) => p.idForm))).toEqual(new Set(['plain', 'spaced', 'fullwidth', 'lowerX']));
    expect(new Set(csvCommunity.residents.map((p) => p.idForm)).has('lowerX')).toBe(true);
    expect(Object.keys(expected([xlsxCommunity]).byTag).length).toBe(9);
    expect(xlsxCommunity.households.some((h) => h.residence[0] === '自有住房')).toBe(true);
    expect(xlsxCommunity.households.some((h) => h.tags[0].includes('低保户'))).toBe(true);
  });

  it('imports every worksheet with a header (title rows, notes row, merged household cells, hidden columns), skipping 填表说明', async () => {
    const r = await cli(['import', xlsxFile]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`${xlsxCommunity.residents.length} 新居民 new`);
    expect(r.stdout).toContain('「填表说明」');
    expect(r.stdout).toMatch(/「1号楼」\d+ 行 rows \(表头 header row 4\)/);
    const v = await open();
    expect(await actual(v)).toEqual(expected([xlsxCommunity]));
    await v.close();
  });

  it('importing the same workbook again changes nothing: no new rows, the same counts', async () => {
    let v = await open();
    const before = await actual(v);
    const n = async () =>
      Number(
        (
          await v.core.services.db.manager.query(
            'SELECT (SELECT count(*) FROM residents) + (SELECT count(*) FROM households) + (SELECT count(*) FROM archive_records) + (SELECT count(*) FROM household_tags) AS n',
          )
        )[0].n,
      );
    const total = await n();
    await v.close();
    const r = await cli(['import', xlsxFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 新居民 new');
    expect(r.stdout).toContain(`${xlsxCommunity.residents.length} 更新 updated`);
    v = await open();
    expect(await actual(v)).toEqual(before);
    expect(await n()).toBe(total);
    await v.close();
  });

  it('a GB18030 CSV with a title line and a notes line lands whole, and again without duplicates', async () => {
    const r = await cli(['import', csvFile]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('(gb18030)');
    expect(r.stdout).toContain(`${csvCommunity.residents.length} 新居民 new`);
    const v = await open();
    const want = expected([xlsxCommunity, csvCommunity]);
    expect(await actual(v)).toEqual(want);
    const again = await new ImportService(v.core).commit({ username: 'admin' }, 'again.csv', messyCsvGb18030(csvCommunity).bytes, {
      onProgress: () => undefined,
      isCancelled: () => false,
    });
    expect(again.counts).toMatchObject({ residentsCreated: 0, householdsCreated: 0, recordsCreated: 0, residentsUpdated: csvCommunity.residents.length });
    expect(await actual(v)).toEqual(want);
    const seeded: unknown[] = await v.core.services.db.manager.query("SELECT seq FROM audit_log WHERE action = 'tag.seedDefaults'");
    expect(seeded).toHaveLength(1);
    expect((await v.core.services.audit.verify()).ok).toBe(true);
    await v.close();
  });

  it('problems name the worksheet and the row the keeper sees in Excel; unknown values are flagged for mapping', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await messyXlsx(xlsxCommunity)).bytes as unknown as ArrayBuffer);
    const [p1, p2, p3] = [xlsxCommunity.residents[30], xlsxCommunity.residents[80], xlsxCommunity.residents[120]];
    const cellOf = (p: MessyResident, header: string) => {
      const [sheet, row] = layout.get(p)!;
      const ws = wb.getWorksheet(sheet)!;
      const col = (ws.getRow(4).values as unknown[]).indexOf(header);
      return { ws, cell: ws.getCell(row, col), sheet, row };
    };
    const a = cellOf(p1, '民族');
    a.cell.value = '穿青人';
    const b = cellOf(p2, '身份证号码');
    b.cell.value = 420602198503021000; // what Excel keeps of an ID typed into a General cell (15 significant digits)
    const c = cellOf(p3, '身份证号码');
    c.cell.value = '4.20602E+17';
    const bad = join(work, 'bad.xlsx');
    writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));

    const v = await open();
    const report: ImportReport = await new ImportService(v.core).dryRun('bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await v.close();
    expect(report.issueCount, JSON.stringify(report.issues)).toBe(3);
    expect(report.skippedSheets).toEqual(['填表说明']);
    expect(report.sheets?.map((s) => s.name)).toEqual(['1号楼', '2号楼', '3号楼', '4号楼', '5号楼', '6号楼', '7号楼', '8号楼']);
    // Row-level problems come first; unknown values follow (and are grouped for the mapping step).
    const [i2, i3, i1] = report.issues;
    expect(i1).toMatchObject({ sheet: a.sheet, row: a.row, columnKey: 'ethnicity', value: '穿青人', unknown: true });
    expect(i2).toMatchObject({ sheet: b.sheet, row: b.row, columnKey: 'citizenId', value: '4.20602E+17' });
    expect(i3).toMatchObject({ sheet: c.sheet, row: c.row, columnKey: 'citizenId', value: '4.20602E+17' });
    for (const i of [i2, i3]) {
      expect(i.zh).toContain('文本');
      expect(i.en).toContain('Format the column as Text');
      expect(i.unknown).toBeUndefined();
    }
    const csv = Buffer.from(report.reportCsvBase64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF工作表 Sheet,行 Row,列 Column,值 Value,问题,Problem');
    expect(csv).toContain(`${a.sheet},${a.row},民族,穿青人`);

    const r = await cli(['import', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`民族 '穿青人' × 1 行 rows（第 ${a.row} 行 rows）`);
    expect(r.stdout).toContain(`工作表 sheet「${b.sheet}」 · 第 ${b.row} 行`);
    expect(r.stdout).toContain('未导入任何数据');
  });
});
