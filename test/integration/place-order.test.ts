import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommunity } from '../helpers/community-generator';
import { TEST_ENGINE, TestVault } from '../helpers/vault-fixture';

/**
 * households.place_key (SQLite migration 0021, PostgreSQL 0012) against the expressions it stands
 * for: after inserts, a household moving unit or room, and unit, building and grid codes changing,
 * every household's key is what the natural-order expressions give, and sorting by it is sorting by
 * them (by code point on both engines, as SQLite compares text).
 */
describe('place order: one indexed key kept by triggers', () => {
  const v = new TestVault();
  const m = () => v.core.services.db.manager;
  const pg = TEST_ENGINE === 'postgres';
  const width = (x: string) => (pg ? `lpad(length(${x})::text, 2, '0')` : `printf('%02d', length(${x}))`);
  const expected = ['g.code', 'b.code', 'u.code', 'h.room'].map((x) => `${width(x)} || ${x}`).join(' || ');
  const FROM = 'FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id';
  const stale = async () =>
    Number((await m().query(`SELECT count(*) AS n ${FROM} WHERE h.place_key ${pg ? 'IS DISTINCT FROM' : 'IS NOT'} (${expected})`))[0].n);
  const orderBy = async (sql: string) => ((await m().query(`SELECT h.id ${FROM} ORDER BY ${sql}, h.id`)) as { id: string }[]).map((r) => r.id);
  const text = (x: string) => (pg ? `${x} COLLATE "C"` : x);
  const natural = ['g.code', 'b.code', 'u.code', 'h.room'].map((x) => `length(${x}), ${text(x)}`).join(', ');

  beforeAll(async () => {
    await v.setup();
    await v.core.services.db.write((tx) => generateCommunity(tx, { households: 800, residentsPerHousehold: 1, recordsPerResident: 0, seed: 3 }));
  });
  afterAll(() => v.destroy());

  it('every inserted household has its key, and the key sorts as the expressions do', async () => {
    expect(Number((await m().query('SELECT count(*) AS n FROM households WHERE place_key IS NULL'))[0].n)).toBe(0);
    expect(await stale()).toBe(0);
    expect(await orderBy('h.place_key')).toEqual(await orderBy(natural));
  });

  it('moves and renamed codes carry the key along (2 before 10 still)', async () => {
    const [h] = await m().query('SELECT id, unit_id FROM households LIMIT 1');
    const [other] = await m().query('SELECT id FROM units WHERE id <> ? LIMIT 1', [h.unit_id]);
    await v.core.services.db.write(async (tx) => {
      await tx.query("UPDATE households SET room = '9' WHERE id = ?", [h.id]);
      await tx.query('UPDATE households SET unit_id = ? WHERE id = ?', [other.id, h.id]);
      await tx.query("UPDATE units SET code = '10' WHERE id = (SELECT min(id) FROM units)");
      await tx.query("UPDATE buildings SET code = 'B2' WHERE id = (SELECT min(id) FROM buildings)");
      await tx.query("UPDATE grids SET code = 'G100' WHERE id = (SELECT min(id) FROM grids)");
      await tx.query('UPDATE units SET building_id = (SELECT max(id) FROM buildings) WHERE id = (SELECT max(id) FROM units)');
      await tx.query('UPDATE buildings SET grid_id = (SELECT max(id) FROM grids) WHERE id = (SELECT max(id) FROM buildings)');
    });
    expect(await stale()).toBe(0);
    expect(await orderBy('h.place_key')).toEqual(await orderBy(natural));
  });
});
