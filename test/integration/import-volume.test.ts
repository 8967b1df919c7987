import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/import.service';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { TestVault } from '../helpers/vault-fixture';

describe('import at volume', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
  });
  afterAll(() => v.destroy());

  // Speed is the bench's business (npm run bench: import rows/s beside a raw insert baseline);
  // here only what a large sheet must do: land whole, unique 档号, progress reported, re-import updates.
  it('20k generated rows import in one transaction with progress, unique 档号, then re-import only updates', async () => {
    const csv = Buffer.from(toCsv(communityRows(20_000, 2027)));
    const svc = new ImportService(v.core);
    let last = 0;
    const r = await svc.commit({ username: 'admin' }, 'big.csv', csv, { onProgress: (d) => (last = d), isCancelled: () => false }, { basicRecords: true });
    expect(r.counts).toMatchObject({ residentsCreated: 20_000, recordsCreated: 20_000 });
    expect(last).toBeGreaterThan(40_000);
    const m = v.core.services.db.manager;
    const [{ n }] = await m.query('SELECT count(*) AS n FROM residents');
    expect(Number(n)).toBe(20_000);
    const [{ d }] = await m.query('SELECT count(*) - count(DISTINCT archive_no) AS d FROM archive_records');
    expect(Number(d)).toBe(0);
    const again = await svc.dryRun('big.csv', csv);
    expect(again.counts).toMatchObject({ residentsCreated: 0, residentsUpdated: 20_000, recordsCreated: 0 });
  }, 240_000);

  // The commit streams the sheet in batches of 5 000 rows: problems far apart still refuse the whole
  // sheet, a duplicate across batches is still a duplicate, and --skip-rejected leaves out the same rows.
  it('a 12k-row sheet whose last batch repeats an ID of the first and holds an impossible date: refused whole, both named; skipping lands the rest', async () => {
    const rows = communityRows(12_000, 2028, 500_000);
    rows[11_500] = { ...rows[11_500], citizenId: rows[10].citizenId };
    rows[11_900] = { ...rows[11_900], birthDate: '2001-02-30' };
    const csv = Buffer.from(toCsv(rows));
    const svc = new ImportService(v.core);
    const m = v.core.services.db.manager;
    const count = async () => Number((await m.query('SELECT count(*) AS n FROM residents'))[0].n);
    const before = await count();
    const ctl = { onProgress: () => undefined, isCancelled: () => false };
    const err = await svc
      .commit({ username: 'admin' }, 'street.csv', csv, ctl)
      .catch((e: unknown) => e as { report: { issues: { row: number; zh: string }[] } });
    expect(err).toHaveProperty('report');
    // Row n of the sheet is line n + 2 (the header is line 1).
    expect((err as { report: { issues: { row: number; zh: string }[] } }).report.issues.map((i) => [i.row, i.zh])).toEqual([
      [11_502, '身份证号与第 12 行重复'],
      [11_902, '日期不存在'],
    ]);
    expect(await count()).toBe(before);
    const r = await svc.commit({ username: 'admin' }, 'street.csv', csv, ctl, { skipRejected: true });
    expect(r.rejectedRows).toBe(2);
    expect(r.counts.residentsCreated).toBe(11_998);
    expect(await count()).toBe(before + 11_998);
  }, 240_000);
});
