import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestVault } from '../helpers/vault-fixture';

/** Search as keepers search (#19 item 3): digits are the start or the end of a phone or an ID. */
type Hit = { kind: string; id: string; title: string };

describe('search as keepers search: digits by start or end, addresses as typed', () => {
  const v = new TestVault();
  const people = [
    { name: '赵一', citizenId: '110101199003022976', phone: '13912345678' },
    { name: '钱二', citizenId: '110105198512010018', phone: '13800002976' },
    { name: '孙三', citizenId: '320102197001045433', phone: '02584561234' },
  ];

  beforeAll(async () => {
    await v.setup();
    const g = await v.ok<{ id: string }>('admin', 'structure.saveGrid', { name: '第一网格', code: 'G01' });
    const b = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name: '4号楼', code: 'B04' });
    const u = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b.id, name: '1单元', code: 'U1' });
    const h = (await v.ok<{ household: { id: string } }>('admin', 'households.create', { unitId: u.id, room: '101', residenceType: 'own', tagIds: [] }))
      .household.id;
    for (const p of people) await v.ok('admin', 'residents.create', { householdId: h, residentType: 'registered', ...p });
    // Neighbours whose addresses a careless match would also return.
    for (const [name, code, room] of [
      ['14号楼', 'B14', '101'],
      ['2栋', 'B02', '301'],
    ]) {
      const b2 = await v.ok<{ id: string }>('admin', 'structure.saveBuilding', { gridId: g.id, name, code });
      const u2 = await v.ok<{ id: string }>('admin', 'structure.saveUnit', { buildingId: b2.id, name: '1单元', code: `${code}U1` });
      await v.ok('admin', 'households.create', { unitId: u2.id, room, residenceType: 'own', tagIds: [] });
    }
  }, 60_000);
  afterAll(() => v.destroy());

  const names = async (q: string) =>
    (await v.ok<Hit[]>('admin', 'search.query', { q, limit: 50 }))
      .filter((x) => x.kind === 'resident')
      .map((x) => x.title)
      .sort();

  it.each([
    ['2976', ['赵一', '钱二']], // an ID's last digits and a phone's last digits
    ['1101', ['赵一', '钱二']], // an ID's first digits
    ['110101', ['赵一']],
    ['1391', ['赵一']], // a phone's first digits
    ['5678', ['赵一']], // a phone's last digits
    ['5433', ['孙三']],
    ['0258', ['孙三']], // a landline's area code
    ['9999', []],
  ])('%s → %j', async (q, expected) => {
    expect(await names(q)).toEqual(expected);
  });

  const addresses = async (q: string) =>
    (await v.ok<Hit[]>('admin', 'search.query', { q, limit: 50 })).filter((x) => x.kind === 'household').map((x) => x.title);

  it.each([
    ['4号楼1单元101', ['第一网格 4号楼 1单元 101']], // no spaces typed; not 14号楼
    ['4栋1单元101室', ['第一网格 4号楼 1单元 101']],
    ['4-1-101', ['第一网格 4号楼 1单元 101']],
    ['14号楼', ['第一网格 14号楼 1单元 101']],
    ['2号楼', ['第一网格 2栋 1单元 301']], // a building named 2栋; not 12/14号楼
    ['2栋301', ['第一网格 2栋 1单元 301']],
  ])('address %s → %j', async (q, expected) => {
    expect(await addresses(q)).toEqual(expected);
  });
});
