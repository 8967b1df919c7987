import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contract/dashboard.contract';
import type { LocationRow, StructureTree, TagRow } from '../../shared/contract/register.contract';
import { TestVault } from '../helpers/vault-fixture';

/** The dashboard still sends SQLite text (tally tables): on PostgreSQL it runs once search/dashboard are ported (branch pg-search). */

/**
 * Lists computed in Node come back in natural Chinese order, whatever the codes say: the codes
 * here are chosen so that SQL's ORDER BY code (or name) gives 第一, 第三, 第二 and 10号楼 before 2号楼.
 */
describe('natural order of the lists computed in Node', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    const grid = (name: string, code: string) => v.ok<{ id: string }>('admin', 'structure.saveGrid', { name, code });
    const g2 = await grid('第二网格', 'A');
    const g1 = await grid('第一网格', 'C');
    await grid('第三网格', 'B');
    await grid('第十网格', 'D');
    await grid('第十一网格', 'E');
    const building = (gridId: string, name: string, code: string) => v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId, name, code });
    const b10 = await building(g1.id, '10号楼', '10');
    await building(g1.id, '2号楼', '2');
    await building(g2.id, '1号楼', '1');
    for (const [name, code] of [
      ['10单元', '10'],
      ['2单元', '2'],
      ['1单元', '1'],
    ])
      await v.ok('admin', 'structure.saveUnit', { buildingId: b10.id, name, code });
    for (const [cabinet, box] of [
      ['10', '1'],
      ['2', '10'],
      ['2', '2'],
    ])
      await v.ok('admin', 'locations.save', { room: '一号库房', cabinet, shelf: '1', box, note: null });
  }, 120_000);
  afterAll(() => v.destroy());

  it('structure tree: grids, buildings within grids and units within buildings read in order', async () => {
    const t = await v.ok<StructureTree>('admin', 'structure.tree');
    expect(t.grids.map((g) => g.name)).toEqual(['第一网格', '第二网格', '第三网格', '第十网格', '第十一网格']);
    expect(t.buildings.map((b) => b.name)).toEqual(['2号楼', '10号楼', '1号楼']);
    expect(t.units.map((u) => u.name)).toEqual(['1单元', '2单元', '10单元']);
  });

  it('dashboard: grids in reading order, a discreet tag by its code only', async () => {
    const tags = await v.ok<TagRow[]>('admin', 'tags.list'); // the first list seeds the default palette
    await v.userWithRole('clerk', 'clerk');
    const d = await v.ok<DashboardData>('clerk', 'dashboard.get');
    expect(d.recordsByGrid.map((r) => r.label)).toEqual(['第一网格', '第二网格', '第三网格', '第十网格', '第十一网格']);
    const discreet = tags.filter((t) => t.discreet);
    expect(discreet.map((t) => t.name)).toContain('重点户');
    const text = JSON.stringify(d);
    for (const t of discreet) {
      expect(text).not.toContain(t.name);
      expect(d.householdsByTag.find((r) => r.key === t.id)).toMatchObject({ label: t.code, code: t.code, color: t.color, discreet: true });
    }
    // Public tags keep their names, in palette order.
    expect(d.householdsByTag.filter((r) => !r.discreet).map((r) => r.label)).toEqual(tags.filter((t) => !t.discreet).map((t) => t.name));
  });

  it('locations: 2号柜 before 10号柜, box 2 before box 10', async () => {
    const l = await v.ok<LocationRow[]>('admin', 'locations.list');
    expect(l.map((x) => `${x.cabinet}/${x.box}`)).toEqual(['2/2', '2/10', '10/1']);
  });

  it('households page: rooms and codes of different widths in reading order (101 before 201 before 1001), also across pages', async () => {
    const t = await v.ok<StructureTree>('admin', 'structure.tree');
    const unit = t.units.find((u) => u.name === '1单元')!;
    for (const room of ['1001', '201', '101', '12']) await v.ok('admin', 'households.create', { unitId: unit.id, room, residenceType: 'own', tagIds: [] });
    const all = await v.ok<{ rows: { room: string }[] }>('admin', 'households.list', { unitId: unit.id, offset: 0, limit: 10 });
    expect(all.rows.map((h) => h.room)).toEqual(['12', '101', '201', '1001']);
    const page2 = await v.ok<{ rows: { room: string }[] }>('admin', 'households.list', { unitId: unit.id, offset: 2, limit: 2 });
    expect(page2.rows.map((h) => h.room)).toEqual(['201', '1001']);
  });
});
