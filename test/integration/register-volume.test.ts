import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../helpers/community-generator';
import { communityVault } from '../helpers/community-vault';
import type { TestVault } from '../helpers/vault-fixture';

type Hit = { kind: string; id: string; title: string };

/** 100k residents / 30k households / 60k records in a real SQLCipher file. */
describe('register at community scale (100k residents)', () => {
  let v: TestVault;
  let c: Community;
  const m = () => v.core.services.db.manager;

  beforeAll(async () => {
    ({ v, c } = await communityVault());
  }, 600_000);
  afterAll(() => v.destroy());

  it('holds the generated volume', async () => {
    const [{ n: residents }] = await m().query('SELECT count(*) AS n FROM residents');
    const [{ n: households }] = await m().query('SELECT count(*) AS n FROM households');
    const [{ n: records }] = await m().query('SELECT count(*) AS n FROM archive_records');
    expect(Number(residents)).toBeGreaterThanOrEqual(100_000);
    expect(Number(households)).toBe(30_000);
    expect(Number(records)).toBe(c.records);
    expect(c.records).toBeGreaterThanOrEqual(60_000);
    expect(c.households).toBe(30_000);
  });

  it('finds a resident by pinyin initials, name fragment and citizen ID; a record by 档号', async () => {
    const q = async (s: string) => v.ok<Hit[]>('admin', 'search.query', { q: s, limit: 500 });
    expect((await q(c.known.citizenId)).map((h) => h.id)).toEqual([c.known.residentId]);
    expect((await q(c.known.archiveNo)).find((h) => h.kind === 'record')?.title).toBe(c.known.archiveNo);
    const byInitials = await q(c.known.initials);
    expect(byInitials.length).toBeGreaterThan(0);
    expect(byInitials.every((h) => h.kind !== 'resident' || h.title.length >= 2)).toBe(true);
    // Every initials hit really has those initials (brute force over the hits).
    const ids = byInitials.filter((h) => h.kind === 'resident').map((h) => h.id);
    const rows: { name_initials: string }[] = await m().query(`SELECT name_initials FROM residents WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    expect(rows.every((r) => r.name_initials.startsWith(c.known.initials))).toBe(true);
    const frag = c.known.name.slice(1);
    const byName = await q(frag);
    expect(byName.some((h) => h.id === c.known.residentId) || byName.length === 500).toBe(true);
  });

  it('filters and pages lists with exact totals (equal to brute-force counts)', async () => {
    const grid = await v.ok<{ rows: unknown[]; total: number }>('admin', 'households.list', { gridId: 'g3', limit: 50 });
    expect(grid.total).toBe(400);
    expect(grid.rows).toHaveLength(50);
    const tag = c.tagIds[2];
    const tagged = await v.ok<{ total: number }>('admin', 'residents.list', { tagId: tag, limit: 10 });
    const [{ n }] = await m().query('SELECT count(*) AS n FROM residents r JOIN household_tags t ON t.household_id = r.household_id WHERE t.tag_id = ?', [tag]);
    expect(tagged.total).toBe(Number(n));
    const cat = await v.ok<{ total: number }>('admin', 'records.list', { contentCategory: 'living', limit: 10 });
    const [{ n: living }] = await m().query("SELECT count(*) AS n FROM archive_records WHERE content_category = 'living'");
    expect(cat.total).toBe(Number(living));
    const page2 = await v.ok<{ rows: { id: string }[] }>('admin', 'records.list', { offset: 1000, limit: 1000 });
    expect(page2.rows).toHaveLength(1000);
  });
});
