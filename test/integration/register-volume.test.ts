import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../helpers/community-generator';
import { communityVault } from '../helpers/community-vault';
import type { TestVault } from '../helpers/vault-fixture';

type Hit = { kind: string; id: string; title: string; subtitle: string; exact: boolean };
type Resident = { id: string; household_id: string; name: string; name_pinyin: string; name_initials: string; citizen_id: string | null };

/**
 * 100k residents / 30k households / 90k records in a real SQLCipher file. Every answer is compared
 * with what the deterministic generator put there (test/helpers/community-generator.ts): ids,
 * archive numbers and grids follow from the row index; names and tags are checked by brute force
 * in JavaScript over the raw tables, not by a second copy of the service's SQL.
 */
describe('register at community scale (100k residents)', () => {
  let v: TestVault;
  let c: Community;
  let residents: Resident[];
  const m = () => v.core.services.db.manager;
  const q = (s: string, limit = 500) => v.ok<Hit[]>('admin', 'search.query', { q: s, limit });
  const ids = (hits: { id: string }[]) => hits.map((h) => h.id);
  const sorted = (xs: Iterable<string>) => [...xs].sort();

  beforeAll(async () => {
    ({ v, c } = await communityVault());
    residents = await m().query('SELECT id, household_id, name, name_pinyin, name_initials, citizen_id FROM residents');
  }, 600_000);
  afterAll(() => v.destroy());

  it('holds the generated volume', async () => {
    const [{ n: households }] = await m().query('SELECT count(*) AS n FROM households');
    const [{ n: records }] = await m().query('SELECT count(*) AS n FROM archive_records');
    // 3 per household, and one more in every ninth row (community-vault.ts).
    expect(residents.length).toBe(90_000 + Math.floor(90_000 / 9));
    expect(Number(households)).toBe(30_000);
    expect(c.households).toBe(30_000);
    expect(Number(records)).toBe(90_000);
    expect(c.records).toBe(90_000);
  });

  it('a citizen ID finds exactly its resident; a 档号 exactly its record', async () => {
    expect(residents.filter((r) => r.citizen_id === c.known.citizenId).map((r) => r.id)).toEqual([c.known.residentId]);
    const byId = await q(c.known.citizenId);
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatchObject({ kind: 'resident', id: c.known.residentId, title: c.known.name, exact: true });
    // The ID itself is masked in the subtitle.
    expect(byId[0].subtitle).not.toContain(c.known.citizenId);
    // Resident r777 holds record a777-0 (one record per resident, numbered from 1).
    expect(await q(c.known.archiveNo)).toEqual([
      { kind: 'record', id: 'a777-0', title: c.known.archiveNo, subtitle: `${c.known.name}基本信息档案`, exact: true },
    ]);
  });

  it('pinyin initials find every resident whose initials or pinyin start with them, and no one else', async () => {
    const p = c.known.initials;
    const expected = new Set(residents.filter((r) => r.name_initials.startsWith(p) || r.name_pinyin.startsWith(p)).map((r) => r.id));
    expect(expected.has(c.known.residentId)).toBe(true);
    // Small enough for the limit, so the answer must be the whole set.
    expect(expected.size).toBeLessThan(500);
    const hits = await q(p);
    expect(hits.every((h) => h.kind === 'resident')).toBe(true);
    expect(sorted(ids(hits))).toEqual(sorted(expected));
    // A lower limit cuts the answer without letting others in.
    const five = await q(p, 5);
    expect(five).toHaveLength(5);
    expect(five.every((h) => expected.has(h.id))).toBe(true);
  });

  it('a full name finds every resident and record that contains it, and nothing else', async () => {
    const name = c.known.name;
    const people = residents.filter((r) => r.name.includes(name));
    // Records are titled "<name>基本信息档案", one per generated resident (the extra 'x…' ones have none).
    const withTitle = people.filter((r) => !r.id.startsWith('x')).length;
    const hits = await q(name);
    const byKind = (k: string) => hits.filter((h) => h.kind === k);
    expect(sorted(ids(byKind('resident')))).toEqual(sorted(people.map((r) => r.id)));
    expect(byKind('resident').every((h) => h.title.includes(name))).toBe(true);
    expect(byKind('resident').map((h) => h.id)).toContain(c.known.residentId);
    expect(byKind('record')).toHaveLength(withTitle);
    expect(byKind('record').every((h) => h.subtitle.includes(name))).toBe(true);
    expect(byKind('record').map((h) => h.id)).toContain('a777-0');
    expect(byKind('household')).toEqual([]);
    expect(hits).toHaveLength(people.length + withTitle);
  });

  it('a common name fragment fills the limit with real matches only, each once, residents first', async () => {
    const frag = c.known.name.slice(1, 2);
    const matching = residents.filter((r) => r.name.includes(frag)).length;
    expect(matching).toBeGreaterThan(500);
    const hits = await q(frag);
    expect(hits).toHaveLength(500);
    expect(new Set(hits.map((h) => `${h.kind}:${h.id}`)).size).toBe(500);
    expect(hits.every((h) => h.kind === 'resident' && h.title.includes(frag))).toBe(true);
    const byId = new Map(residents.map((r) => [r.id, r]));
    expect(hits.every((h) => byId.get(h.id)?.name === h.title)).toBe(true);
  });

  it('lists filter to exactly the generated rows, with exact totals', async () => {
    // Grid g3 holds households h1200 … h1599 (400 per grid, in order).
    const g3 = Array.from({ length: 400 }, (_, i) => `h${1200 + i}`);
    const seen: string[] = [];
    for (let offset = 0; offset < 400; offset += 50) {
      const page = await v.ok<{ rows: { id: string }[]; total: number }>('admin', 'households.list', { gridId: 'g3', offset, limit: 50 });
      expect(page.total).toBe(400);
      expect(page.rows).toHaveLength(50);
      seen.push(...ids(page.rows));
    }
    expect(sorted(seen)).toEqual(sorted(g3)); // every page disjoint, together the whole grid
    // The same grid by keyset: the same households in the same order as the offset pages.
    const walked: string[] = [];
    let after: string | undefined;
    do {
      const page: { rows: { id: string }[]; next: string | null } = await v.ok('admin', 'households.list', {
        gridId: 'g3',
        limit: 64,
        ...(after ? { after } : {}),
      });
      walked.push(...ids(page.rows));
      after = page.next ?? undefined;
    } while (after);
    expect(walked).toEqual(seen);
    // …and its 1200 records (one per generated resident: three per household).
    const recs = (offset: number) => v.ok<{ rows: { id: string }[]; total: number }>('admin', 'records.list', { gridId: 'g3', offset, limit: 1000 });
    const [r1, r2] = [await recs(0), await recs(1000)];
    expect([r1.total, r2.total, r1.rows.length, r2.rows.length]).toEqual([1200, 1200, 1000, 200]);
    expect(sorted([...ids(r1.rows), ...ids(r2.rows)])).toEqual(sorted(Array.from({ length: 1200 }, (_, i) => `a${3600 + i}-0`)));

    // Residents of tagged households: brute force over the raw tag table.
    const tag = c.tagIds[2];
    const tagged = new Set(
      (await m().query('SELECT household_id FROM household_tags WHERE tag_id = ?', [tag])).map((r: { household_id: string }) => r.household_id),
    );
    const expected = residents.filter((r) => tagged.has(r.household_id));
    expect(expected.length).toBeGreaterThan(20);
    const p1 = await v.ok<{ rows: { id: string; householdId: string }[]; total: number }>('admin', 'residents.list', { tagId: tag, offset: 0, limit: 10 });
    const p2 = await v.ok<{ rows: { id: string; householdId: string }[]; total: number }>('admin', 'residents.list', { tagId: tag, offset: 10, limit: 10 });
    expect([p1.total, p2.total]).toEqual([expected.length, expected.length]);
    const inTag = new Set(expected.map((r) => r.id));
    for (const row of [...p1.rows, ...p2.rows]) expect(inTag.has(row.id), row.id).toBe(true);
    expect(new Set([...ids(p1.rows), ...ids(p2.rows)]).size).toBe(20);

    // Every generated record is 'basic' (one per resident, j = 0): none is 'living'.
    expect((await v.ok<{ total: number }>('admin', 'records.list', { contentCategory: 'basic', limit: 10 })).total).toBe(90_000);
    expect(await v.ok<{ rows: unknown[]; total: number }>('admin', 'records.list', { contentCategory: 'living', limit: 10 })).toEqual({ rows: [], total: 0 });
  });

  it('records page by 档号: page two is exactly the 1001st–2000th numbers, disjoint from page one', async () => {
    const page = (offset: number) => v.ok<{ rows: { id: string; archiveNo: string }[]; total: number }>('admin', 'records.list', { offset, limit: 1000 });
    const [p1, p2] = [await page(0), await page(1000)];
    expect([p1.total, p2.total]).toEqual([90_000, 90_000]);
    // 档号 SQ01-2020-D30-000001 … are zero-padded, so their order is the row order a0-0, a1-0, …
    expect(ids(p1.rows)).toEqual(Array.from({ length: 1000 }, (_, i) => `a${i}-0`));
    expect(ids(p2.rows)).toEqual(Array.from({ length: 1000 }, (_, i) => `a${1000 + i}-0`));
    expect(p2.rows[0].archiveNo).toBe('SQ01-2020-D30-001001');
    const last = await page(89_990);
    expect(ids(last.rows)).toEqual(Array.from({ length: 10 }, (_, i) => `a${89_990 + i}-0`));
  });
});
