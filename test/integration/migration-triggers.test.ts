import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchIndexDdl } from '../../electron/db/search-index';
import { activeTalliesDdl, talliesDdl } from '../../electron/db/tallies';
import { TestVault } from '../helpers/vault-fixture';

const triggerNames = (ddl: string[]) => ddl.map((s) => /^CREATE TRIGGER (\w+)/.exec(s)?.[1]).filter((n): n is string => !!n);

/**
 * Migrations after 0012 add columns to tables that carry the search index's and the counters'
 * triggers. A table rebuild (TypeORM's SQLite addColumn) silently drops them; a fresh archive must
 * end the migration chain with every one in place and the counters equal to the rows.
 */
describe('a fresh archive keeps every trigger the migrations made', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
  });
  afterAll(async () => v.close());

  it('has the search index and counter triggers', async () => {
    const rows: { name: string }[] = await v.core.services.db.manager.query("SELECT name FROM sqlite_master WHERE type = 'trigger'");
    const have = new Set(rows.map((r) => r.name));
    const want = [...new Set([...triggerNames(searchIndexDdl()), ...triggerNames(talliesDdl()), ...triggerNames(activeTalliesDdl())])];
    expect(want.length).toBeGreaterThan(10);
    expect(want.filter((n) => !have.has(n))).toEqual([]);
  });

  it('counts and finds a household made after set-up', async () => {
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '7号楼', code: 'B07' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
    const h = await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u.id, room: '502', residenceType: 'own', tagIds: [] });
    await v.ok('admin', 'residents.create', {
      householdId: h.household.id,
      name: '欧阳青松',
      gender: 'male',
      residentType: 'registered',
      relationToHead: '户主',
    });
    const dash = await v.ok<{ totals: { residents: number; households: number } }>('admin', 'dashboard.get');
    expect(dash.totals).toMatchObject({ residents: 1, households: 1 });
    const hits = await v.ok<{ kind: string; title: string }[]>('admin', 'search.query', { q: '阳青' });
    expect(hits.map((x) => x.title)).toContain('欧阳青松');
  });
});
