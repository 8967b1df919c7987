import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contract/dashboard.contract';
import { everyNth, type Community } from '../helpers/community-generator';
import { communityVault } from '../helpers/community-vault';
import { TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

/** Aggregates against a generated community, each compared with a brute-force count in JS. */
describe('dashboard at 100k residents', () => {
  let v: TestVault;
  let c: Community;
  let d: DashboardData;
  /** What an auditor gets: counts, and no 今日待办 (no tile is the auditor's work). */
  let audited: DashboardData;
  const today = () => new Date(v.clock.now()).toLocaleDateString('sv-SE');
  const nth = (n: number) => everyNth(v.core.services.db.dialect.kind, n);

  beforeAll(async () => {
    ({ v, c } = await communityVault());
    void c;
    await v.userWithRole('auditor', 'auditor');
    const m = v.core.services.db.manager;
    // A few loans: two overdue, one due in three days, one returned.
    const t = today();
    const day = (n: number) => new Date(Date.parse(`${t}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const loans: [string, string, string | null][] = [
      ['a1-0', day(-3), null],
      ['a2-0', day(-1), null],
      ['a3-0', day(3), null],
      ['a4-0', day(-10), day(-12)],
    ];
    for (const [i, [rid, due, ret]] of loans.entries()) {
      await m.query(
        `INSERT INTO loans (id, slip_no, record_id, kind, borrower_kind, borrower_name, purpose, approver_user_id, approver_name, checkout_date, due_date, renewals, pages_out, returned_on, created_by, created_at)
         VALUES (?, 'JY', ?, 'borrow', 'staff', '某人', '核对', 'u', '审批人', ?, ?, 0, 3, ?, 'admin', '')`,
        [`l${i}`, rid, day(-20), due, ret],
      );
    }
    await m.query(`UPDATE archive_records SET retention_class = 'D10', year = 2010 WHERE ${nth(7)}`);
    d = await v.ok<DashboardData>('admin', 'dashboard.get');
    audited = await v.ok<DashboardData>('auditor', 'dashboard.get');
  }, 600_000);
  afterAll(() => v.destroy());

  it('today: loans overdue and due this week equal brute-force counts', () => {
    expect(d.today.overdueLoans).toBe(2);
    expect(d.today.loansDueThisWeek).toBe(1);
  });

  /** Every total and tile recounted in JavaScript from the raw tables. */
  const expectBruteForce = async (d: DashboardData) => {
    const m = v.core.services.db.manager;
    const all: { content_category: string; household_id: string | null; retention_class: string; year: number; status: string }[] = await m.query(
      'SELECT content_category, household_id, retention_class, year, status FROM archive_records',
    );
    const recs = all.filter((r) => r.status !== 'destroyed');
    const hh: { id: string; grid: string; status: string }[] = await m.query(
      'SELECT h.id, g.name AS grid, h.status FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id',
    );
    const gridOf = new Map(hh.map((h) => [h.id, h.grid]));
    const tally = (keys: string[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
    const count = async (t: string) => Number((await m.query(`SELECT count(*) AS n FROM ${t}`))[0].n);
    // Residents and households: the active roster (departed ones keep their archive but are not counted).
    expect(d.totals).toEqual({
      records: recs.length,
      residents: await count("residents WHERE status = 'active'"),
      households: hh.filter((h) => h.status === 'active').length,
      attachments: await count('attachments'),
    });
    expect(Object.fromEntries(d.recordsByCategory.map((r) => [r.key, r.count]))).toEqual(tally(recs.map((r) => r.content_category)));
    const grids: { name: string }[] = await m.query('SELECT name FROM grids');
    const byGrid = {
      ...Object.fromEntries(grids.map((g) => [g.name, 0])),
      ...tally(recs.filter((r) => r.household_id).map((r) => gridOf.get(r.household_id!)!)),
    };
    expect(Object.fromEntries(d.recordsByGrid.map((r) => [r.key, r.count]))).toEqual(byGrid);
    expect(Object.fromEntries(d.recordsByRetention.map((r) => [r.key, r.count]))).toEqual(tally(recs.map((r) => r.retention_class)));
    const year = Number(today().slice(0, 4));
    const due = recs.filter(
      (r) => r.retention_class !== 'Y' && r.status !== 'pending_destruction' && r.year + 1 + (r.retention_class === 'D10' ? 10 : 30) <= year,
    ).length;
    expect(d.today.dueForAppraisal).toBe(due);
    return { due };
  };

  it('totals and records by category / grid / retention equal brute-force counts', async () => {
    expect(d.totals.residents).toBeGreaterThanOrEqual(100_000);
    // Natural order: 第1网格, 第2网格 … 第10网格, not 第1, 第10, 第11 … 第2.
    expect(d.recordsByGrid.map((r) => r.key)).toEqual(Array.from({ length: c.grids }, (_, i) => `第${i + 1}网格`));
    expect((await expectBruteForce(d)).due).toBeGreaterThan(0);
  });

  it('households by tag carry the tag colours and equal brute-force counts', async () => {
    const rows: { tag_id: string }[] = await v.core.services.db.manager.query('SELECT tag_id FROM household_tags');
    expect(d.householdsByTag.reduce((s, t) => s + t.count, 0)).toBe(rows.length);
    expect(d.householdsByTag.every((t) => /^#[0-9a-f]{6}$/i.test(t.color) && t.code.length > 0)).toBe(true);
  });

  it('days since the last backup: none yet (the tile at 100k residents; the backup itself is below, on a small archive)', () => {
    expect(d.today.daysSinceBackup).toBeNull();
  });

  it('an auditor gets counts only: no name, citizen ID, phone, record title, 档号 or discreet tag name anywhere in the answer', async () => {
    expect(audited.today).toEqual({});
    expect(audited.totals).toEqual(d.totals);
    const text = JSON.stringify(audited);
    expect(text.length).toBeLessThan(20_000);
    const m = v.core.services.db.manager;
    const people: { name: string; citizen_id: string | null; phone: string | null }[] = await m.query('SELECT name, citizen_id, phone FROM residents');
    const records: { title: string; archive_no: string }[] = await m.query('SELECT title, archive_no FROM archive_records');
    const loans: { borrower_name: string; approver_name: string }[] = await m.query('SELECT borrower_name, approver_name FROM loans');
    const users: { username: string; display_name: string }[] = await m.query('SELECT username, display_name FROM users');
    // A discreet tag (重点户) is shown to every role by its code and colour only.
    const discreet: { name: string }[] = await m.query('SELECT name FROM tags WHERE discreet = TRUE');
    expect(discreet.length).toBeGreaterThan(0);
    const secrets = new Set(
      [
        ...people.flatMap((p) => [p.name, p.citizen_id, p.phone]),
        ...records.flatMap((r) => [r.title, r.archive_no]),
        ...loans.flatMap((l) => [l.borrower_name, l.approver_name]),
        ...users.flatMap((u) => [u.username, u.display_name]),
        ...discreet.map((t) => t.name),
      ].filter((x): x is string => !!x),
    );
    expect(people.length).toBeGreaterThanOrEqual(100_000);
    expect(secrets.size).toBeGreaterThan(250_000);
    // Every substring of the answer of each secret's length, then one look-up per secret.
    const found: string[] = [];
    for (const len of new Set([...secrets].map((x) => x.length))) {
      const windows = new Set<string>();
      for (let i = 0; i + len <= text.length; i++) windows.add(text.slice(i, i + len));
      for (const x of secrets) if (x.length === len && windows.has(x)) found.push(x);
    }
    expect(found).toEqual([]);
  });
  it('the counters follow writes of every kind in their own transaction: moves between grids, status, deletes, rolled-back writes (last: it changes the data)', async () => {
    const db = v.core.services.db;
    await db.write(async (tx) => {
      // A household, a unit and a building each move to another grid, taking their records along.
      await tx.query("UPDATE households SET unit_id = 'u60' WHERE id = 'h3'");
      await tx.query("UPDATE units SET building_id = 'b25' WHERE id = 'u5'");
      await tx.query("UPDATE buildings SET grid_id = 'g2' WHERE id = 'b3'");
      await tx.query(`UPDATE archive_records SET status = 'destroyed' WHERE ${nth(11)}`);
      await tx.query(`UPDATE archive_records SET status = 'pending_destruction', content_category = 'living' WHERE ${nth(13)}`);
      await tx.query(`UPDATE archive_records SET year = 1990 WHERE ${nth(17)}`);
      await tx.query(`UPDATE archive_records SET household_id = 'h2000' WHERE ${nth(19)}`);
      await tx.query(
        `DELETE FROM archive_records WHERE ${nth(23)} AND id NOT IN (SELECT record_id FROM loans UNION SELECT record_id FROM attachments) AND id <> 'a5-0'`,
      );
      await tx.query(`DELETE FROM residents WHERE id LIKE 'x%' AND ${nth(2)}`);
      await tx.query(
        "INSERT INTO attachments (id, record_id, file_name, mime, size, sha256, wrapped_key, created_at, created_by) VALUES ('f1', 'a5-0', 'x.pdf', 'application/pdf', 1, '', '', '', 'admin')",
      );
    });
    await expect(
      db.write(async (tx) => {
        await tx.query(`UPDATE archive_records SET status = 'destroyed' WHERE ${nth(5)}`);
        await tx.query("DELETE FROM residents WHERE id LIKE 'x%'");
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await v.ok<DashboardData>('admin', 'dashboard.get');
    expect(after.totals.records).toBeLessThan(d.totals.records);
    expect(after.totals.attachments).toBe(d.totals.attachments + 1);
    await expectBruteForce(after);
    // Read again (on PostgreSQL the first read folded the counters' appended rows): the same numbers.
    expect(await v.ok<DashboardData>('admin', 'dashboard.get')).toEqual(after);
  });
});

/**
 * The tile reads when the last backup was made, not what it held: backing up the 100k-resident
 * archive (and verifying the file) would only make this test slower, so it runs on a small one.
 */
describe('dashboard: days since the last backup', () => {
  // The backup is SQLite's file copy until the backup area moves to both engines (issue 16).
  it.skipIf(TEST_ENGINE === 'postgres')('none yet, then 0 right after one', async () => {
    const v = await new TestVault().setup();
    const file = `${v.dataDir}-backup.arbak`;
    try {
      expect((await v.ok<DashboardData>('admin', 'dashboard.get')).today.daysSinceBackup).toBeNull();
      const { createBackup } = await import('../../electron/backup/backup.service');
      await createBackup(v.core, { username: 'admin' }, file);
      const after = await v.ok<DashboardData>('admin', 'dashboard.get');
      expect(after.today.daysSinceBackup).toBe(0);
    } finally {
      await v.destroy();
      rmSync(file, { force: true });
    }
  });
});
