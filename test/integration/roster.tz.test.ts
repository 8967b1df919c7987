import { In, type EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildingEntity, GridEntity, HouseholdEntity, HouseholdTagEntity, ResidentEntity, UnitEntity } from '../../electron/db/entities';
import type { ResidentRecord } from '../../electron/db/entities/resident.entity';
import type { RosterFilters, RosterRow, RosterSort } from '../../shared/contract/roster.contract';
import { ageOn } from '../../shared/domain/age-range';
import { residentFacts } from '../../shared/domain/roster-policy';
import { generateCommunity } from '../helpers/community-generator';
import { processZone } from '../helpers/process-zone';
import { frozenAt, TestVault } from '../helpers/vault-fixture';

type Page = { rows: RosterRow[]; total: number; next: (string | number | null)[] | null };
type Person = {
  id: string;
  household_id: string;
  unit_id: string;
  building_id: string;
  grid_id: string;
  gcode: string;
  bcode: string;
  ucode: string;
  room: string;
  name_pinyin: string;
  gender: string | null;
  birth_date: string | null;
  resident_type: string;
  political_status: string | null;
  disability: string | null;
  subsistence: string | null;
  special_categories: string;
  health: string | null;
  move_in_date: string | null;
  tags: string | null;
};

/**
 * The roster against a brute-force count on a generated community. The archive lives in Beijing;
 * the clock stands at 18:00 UTC on 28 February, which is already 1 March in Beijing: someone born
 * on 29 February 1944 is 82 there, and 81 by a UTC date. Run under TZ=UTC and TZ=Asia/Shanghai, on
 * SQLCipher and on PostgreSQL (vitest.config.mts).
 */
const PROCESS_TZ = processZone();
const NOW = '2026-02-28T18:00:00Z';
const TODAY = '2026-03-01';

describe(`roster filters equal brute-force counts (process TZ=${PROCESS_TZ}, archive Asia/Shanghai)`, () => {
  const v = new TestVault(undefined, frozenAt(NOW));
  let people: Person[] = [];
  let grid2 = '';
  let tagIds: string[] = [];

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'settings.update', { timeZone: 'Asia/Shanghai', idleMinutes: 240 });
    await v.core.services.db.write(async (m) => {
      await generateCommunity(m, { households: 1600, residentsPerHousehold: 3, recordsPerResident: 0, seed: 7 });
      // The grid the keepers call 第二网格, and facts the generator leaves empty, spread by row number.
      await m.update(GridEntity, { id: 'g1' }, { name: '第二网格' });
      // By row number n (the generator's order, 1-based), through the entities: the same on both engines.
      const ids = (await m.find(ResidentEntity, { select: ['id'] })).map((r) => r.id);
      const n = (id: string) => Number(id.slice(1)) + 1;
      const spread = async (column: keyof ResidentRecord, value: (n: number) => string | null | undefined) => {
        const by = new Map<string | null, string[]>();
        for (const id of ids) {
          const v = value(n(id));
          if (v !== undefined) by.set(v, [...(by.get(v) ?? []), id]);
        }
        for (const [v, these] of by) await m.update(ResidentEntity, { id: In(these) }, { [column]: v });
      };
      await spread('politicalStatus', (i) => (i % 5 === 0 ? '中共党员' : i % 11 === 0 ? '中共预备党员' : i % 13 === 0 ? '民革党员' : '群众'));
      await spread('disability', (i) => (i % 13 === 0 ? '肢体三级' : i % 17 === 0 ? '无' : null));
      await spread('subsistence', (i) => (i % 7 === 0 ? '城市低保' : i % 19 === 0 ? '否' : i % 29 === 0 ? '农村低保' : null));
      await spread('specialCategories', (i) => (i % 23 === 0 ? '["subsistence"]' : undefined));
      await spread('health', (i) => (i % 6 === 0 ? '良好' : i % 10 === 0 ? '慢性病' : null));
      await spread('moveInDate', (i) => (i % 3 === 0 ? `${1990 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-15` : undefined));
      await spread('residentType', (i) => (i % 31 === 0 ? 'unregistered' : undefined));
      // Birthdays on the edge of 80 and 82 in 第二网格: the day before, on, and after today.
      await m.update(ResidentEntity, { id: 'r1205' }, { birthDate: '1944-02-29' });
      await m.update(ResidentEntity, { id: 'r1206' }, { birthDate: '1944-03-02' });
      await m.update(ResidentEntity, { id: 'r1207' }, { birthDate: '1946-03-01' });
      await m.update(ResidentEntity, { id: 'r1208' }, { birthDate: '1946-03-02' });
      await m.update(ResidentEntity, { id: 'r1209' }, { birthDate: null });
    });
    grid2 = 'g1';
    tagIds = (await v.ok<{ id: string }[]>('admin', 'tags.list')).map((t) => t.id);
    people = await everyone(v.core.services.db.manager);
  }, 180_000);
  afterAll(() => v.destroy());

  /** Every resident with their place and household tags, read table by table and joined here. */
  async function everyone(m: EntityManager): Promise<Person[]> {
    const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
    const households = byId(await m.find(HouseholdEntity));
    const units = byId(await m.find(UnitEntity));
    const buildings = byId(await m.find(BuildingEntity));
    const grids = byId(await m.find(GridEntity));
    const tags = new Map<string, string[]>();
    for (const t of await m.find(HouseholdTagEntity)) tags.set(t.householdId, [...(tags.get(t.householdId) ?? []), t.tagId]);
    return (await m.find(ResidentEntity)).map((r) => {
      const h = households.get(r.householdId)!;
      const u = units.get(h.unitId)!;
      const b = buildings.get(u.buildingId)!;
      const g = grids.get(b.gridId)!;
      return {
        id: r.id,
        household_id: h.id,
        unit_id: u.id,
        building_id: b.id,
        grid_id: g.id,
        gcode: g.code,
        bcode: b.code,
        ucode: u.code,
        room: h.room,
        name_pinyin: r.namePinyin,
        gender: r.gender,
        birth_date: r.birthDate,
        resident_type: r.residentType,
        political_status: r.politicalStatus,
        disability: r.disability,
        subsistence: r.subsistence,
        special_categories: r.specialCategories,
        health: r.health,
        move_in_date: r.moveInDate,
        tags: tags.get(h.id)?.join(',') ?? null,
      };
    });
  }

  /** The same question asked of every row in JS. */
  function brute(f: RosterFilters): Person[] {
    return people.filter((p) => {
      const age = p.birth_date ? ageOn(p.birth_date, TODAY) : null;
      const yn = (want: 'yes' | 'no' | undefined, fact: boolean) => want === undefined || (want === 'yes') === fact;
      return (
        (!f.gridId || p.grid_id === f.gridId) &&
        (!f.buildingId || p.building_id === f.buildingId) &&
        (!f.unitId || p.unit_id === f.unitId) &&
        (f.ageMin === undefined || (age !== null && age >= f.ageMin)) &&
        (f.ageMax === undefined || (age !== null && age <= f.ageMax)) &&
        (!f.gender || p.gender === f.gender) &&
        (!f.residentTypes?.length || f.residentTypes.includes(p.resident_type as 'registered')) &&
        (!f.tagIds?.length || (p.tags ?? '').split(',').some((t) => f.tagIds!.includes(t))) &&
        yn(f.partyMember, residentFacts.partyMember(p.political_status)) &&
        yn(f.disabled, residentFacts.disabled(p.disability)) &&
        yn(f.subsistence, residentFacts.subsistence(p.subsistence, JSON.parse(p.special_categories) as string[])) &&
        (!f.health || p.health === f.health) &&
        (f.moveInFrom === undefined || (!!p.move_in_date && Number(p.move_in_date.slice(0, 4)) >= f.moveInFrom)) &&
        (f.moveInTo === undefined || (!!p.move_in_date && Number(p.move_in_date.slice(0, 4)) <= f.moveInTo))
      );
    });
  }

  /** Every page of the roster, following the keyset cursor to the end. */
  async function all(filters: RosterFilters, sort: RosterSort = { key: 'address', dir: 'asc' }, limit = 250): Promise<{ rows: RosterRow[]; totals: number[] }> {
    const rows: RosterRow[] = [];
    const totals: number[] = [];
    let after: Page['next'] = null;
    for (let guard = 0; guard < 1000; guard++) {
      const p: Page = await v.ok<Page>('admin', 'roster.list', { filters, sort, limit, ...(after ? { after } : {}) });
      rows.push(...p.rows);
      totals.push(p.total);
      if (!p.next) break;
      after = p.next;
    }
    return { rows, totals };
  }

  it("the archive's date decides ages: 29 February 1944 is 82 on 1 March in Beijing", async () => {
    const { rows } = await all({ gridId: grid2, ageMin: 82, ageMax: 82 });
    const ids = rows.map((r) => r.id);
    expect(ids).toContain('r1205');
    expect(ids).not.toContain('r1206');
    expect(rows.find((r) => r.id === 'r1205')?.age).toBe(82);
    const eighty = (await all({ gridId: grid2, ageMin: 80, ageMax: 80 })).rows.map((r) => r.id);
    expect(eighty).toContain('r1207');
    expect(eighty).not.toContain('r1208');
  });

  const combos: [string, () => RosterFilters][] = [
    ['age ≥ 80 in 第二网格', () => ({ gridId: grid2, ageMin: 80 })],
    ['female 党员 aged 18–35', () => ({ partyMember: 'yes', gender: 'female', ageMin: 18, ageMax: 35 })],
    ['floating residents in households with either of two tags', () => ({ tagIds: tagIds.slice(0, 2), residentTypes: ['floating'] })],
    ['低保 without disability, not 党员', () => ({ subsistence: 'yes', disabled: 'no', partyMember: 'no' })],
    ['残疾 in a building, moved in 2000–2010', () => ({ disabled: 'yes', buildingId: 'b3', moveInFrom: 2000, moveInTo: 2010 })],
    ['children of one unit', () => ({ unitId: 'u41', ageMax: 17 })],
    ['health 慢性病, registered or unregistered', () => ({ health: '慢性病', residentTypes: ['registered', 'unregistered'] })],
  ];
  for (const [label, make] of combos) {
    it(`${label}: the roster lists exactly the brute-force set, every page once`, async () => {
      const f = make();
      const expected = brute(f);
      expect(expected.length, 'the combination finds someone').toBeGreaterThan(0);
      const { rows, totals } = await all(f);
      // Counted on the first page; later pages say -1 (the screen keeps the first page's total).
      expect(totals[0]).toBe(expected.length);
      expect(totals.slice(1).filter((t) => t !== -1)).toEqual([]);
      expect(rows.length).toBe(expected.length);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(rows.map((r) => r.id).sort()).toEqual(expected.map((p) => p.id).sort());
    });
  }

  it('a name of 3 characters finds the names that hold it, not those holding its pairs apart', async () => {
    const named: [string, string][] = [
      ['r31', '王秀英'],
      ['r32', '王秀秀英'],
      ['r33', '秀英王秀'],
      ['r34', '李王秀英华'],
    ];
    await v.core.services.db.write(async (m) => {
      for (const [id, name] of named) await m.update(ResidentEntity, { id }, { name });
    });
    const everyone = await v.core.services.db.manager.find(ResidentEntity, { select: ['id', 'name', 'status'] });
    const expected = everyone.filter((r) => r.status === 'active' && r.name.includes('王秀英')).map((r) => r.id);
    expect(expected).toEqual(expect.arrayContaining(['r31', 'r34']));
    const { rows, totals } = await all({ name: '王秀英' });
    expect(totals[0]).toBe(expected.length);
    expect(rows.map((r) => r.id).sort()).toEqual([...expected].sort());
  });

  it('sorting by place is natural (2 before 10, by code and room) and keyset pages keep the order', async () => {
    const f: RosterFilters = { ageMin: 60 };
    const { rows } = await all(f, { key: 'address', dir: 'asc' }, 97);
    const key = (p: Person) => [p.gcode.length, p.gcode, p.bcode.length, p.bcode, p.ucode.length, p.ucode, p.room.length, p.room, p.name_pinyin, p.id];
    const cmp = (a: Person, b: Person) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
      return 0;
    };
    expect(rows.map((r) => r.id)).toEqual(
      brute(f)
        .sort(cmp)
        .map((p) => p.id),
    );
    // B9 (第1网格) comes before B10 (第二网格): by code length first, not by code points.
    const firstB10 = rows.findIndex((r) => r.grid === '第二网格');
    expect(firstB10).toBeGreaterThan(0);
    expect(rows.slice(firstB10).some((r) => r.grid === '第1网格')).toBe(false);
  });

  it('sorting by age both ways pages through everyone once, in birth-date order', async () => {
    const f: RosterFilters = { gridId: grid2 };
    const up = (await all(f, { key: 'age', dir: 'asc' }, 333)).rows;
    const down = (await all(f, { key: 'age', dir: 'desc' }, 333)).rows;
    expect(up.length).toBe(brute(f).length);
    expect(down.map((r) => r.id)).toEqual([...up].reverse().map((r) => r.id));
    const births = up.map((r) => r.birthDate ?? '');
    expect(births).toEqual([...births].sort().reverse());
  });
});
